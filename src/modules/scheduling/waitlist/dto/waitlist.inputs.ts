import { z } from 'zod';
import { instantSchema } from '../../../../common/validation/instant.js';

/** A local time of day, 00:00..24:00. */
const timeOfDay = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM, 00:00..24:00')
  .meta({ maxLength: 5, example: '08:00' });

export const createWaitlistEntrySchema = z
  .strictObject({
    doctorId: z.uuid(),
    appointmentTypeId: z.uuid(),
    from: instantSchema,
    to: instantSchema,
    times: z
      .array(z.strictObject({ start: timeOfDay, end: timeOfDay }).refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] }).meta({ id: 'TimeOfDayWindow' }))
      .max(14)
      .optional(),
  })
  .refine((e) => e.from.getTime() < e.to.getTime(), { message: 'must be after from', path: ['to'] })
  .meta({ id: 'CreateWaitlistEntryInput' });
export type CreateWaitlistEntryInput = z.output<typeof createWaitlistEntrySchema>;
