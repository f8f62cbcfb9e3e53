import { z } from 'zod';
import { timeZoneOutput } from '../../../../common/validation/time-zone.js';
import { instantOutput } from '../../../../common/validation/instant.js';

export const slotsResponseSchema = z.object({
  doctorId: z.uuid(),
  appointmentTypeId: z.uuid(),
  timezone: timeZoneOutput,
  slots: z.array(z.object({ start: instantOutput, end: instantOutput })),
});
export type SlotsResponseDto = z.infer<typeof slotsResponseSchema>;
