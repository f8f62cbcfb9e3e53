import { z } from 'zod';
import type { AppointmentTypeRow } from '../appointment-types.repository.js';
import { consultationModeSchema } from '../../../../common/validation/enums.js';
import { moneyOf, moneyOutputSchema } from '../../../../common/validation/money.js';

export const appointmentTypeSchema = z.object({
  id: z.uuid(),
  doctorId: z.uuid(),
  name: z.string(),
  durationMinutes: z.number().int(),
  bufferMinutes: z.number().int(),
  mode: consultationModeSchema,
  price: moneyOutputSchema.nullable(),
  active: z.boolean(),
  /** Minutes before the visit at which reminders go out, longest first. */
  reminderOffsetsMinutes: z.array(z.number().int()).max(5),
}).meta({ id: 'AppointmentType' });
export type AppointmentTypeDto = z.infer<typeof appointmentTypeSchema>;

export function toAppointmentTypeDto(row: AppointmentTypeRow): AppointmentTypeDto {
  return {
    id: row.id,
    doctorId: row.doctorId,
    name: row.name,
    durationMinutes: row.durationMinutes,
    bufferMinutes: row.bufferMinutes,
    mode: row.mode,
    price: moneyOf(row.priceAmount, row.priceCurrency),
    active: row.active,
    reminderOffsetsMinutes: [...row.reminderOffsetsMinutes].sort((a, b) => b - a),
  };
}
