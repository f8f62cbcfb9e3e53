import { z } from 'zod';
import { timeZoneOutput } from '../../../../common/validation/time-zone.js';
import { instantOutput } from '../../../../common/validation/instant.js';

export const slotSchema = z.object({ start: instantOutput, end: instantOutput }).meta({ id: 'Slot' });

export const slotsResponseSchema = z.object({
  doctorId: z.uuid(),
  appointmentTypeId: z.uuid(),
  timezone: timeZoneOutput,
  slots: z.array(slotSchema),
}).meta({ id: 'DoctorSlots' });
export type SlotsResponseDto = z.infer<typeof slotsResponseSchema>;
