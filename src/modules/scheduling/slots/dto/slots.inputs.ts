import { z } from 'zod';
import { timeZoneSchema } from '../../../../common/validation/time-zone.js';

// Dates are checked by the slot engine (resolveWindow), which knows the rules; the zone by the one time-zone schema.
export const slotsQuerySchema = z.strictObject({
  appointmentTypeId: z.uuid(),
  from: z.string().max(10).meta({ example: '2027-03-15', format: 'date', description: 'YYYY-MM-DD, inclusive' }),
  to: z.string().max(10).meta({ example: '2027-03-21', format: 'date', description: 'YYYY-MM-DD, inclusive; at most 62 days after from' }),
  timezone: timeZoneSchema.optional().meta({ example: 'Europe/Berlin', description: "default: the doctor's; answered in canonical spelling" }),
});
export type SlotsQuery = z.output<typeof slotsQuerySchema>;
