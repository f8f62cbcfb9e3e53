import { z } from 'zod';
import type { AppointmentTypeRow } from '../appointment-types.repository.js';
import { consultationModeSchema } from '../../../../common/validation/enums.js';
import { moneyOf, moneyOutputSchema, moneySchema } from '../../../../common/validation/money.js';

const name = z.string().trim().min(1).max(100);
const durationMinutes = z.number().int().min(5).max(480);
const bufferMinutes = z.number().int().min(0).max(480);

export const createAppointmentTypeSchema = z.strictObject({
  name,
  durationMinutes,
  bufferMinutes: bufferMinutes.default(0),
  mode: consultationModeSchema,
  price: moneySchema.nullable().default(null),
});
export type CreateAppointmentTypeInput = z.output<typeof createAppointmentTypeSchema>;

export const updateAppointmentTypeSchema = z.strictObject({
  name: name.optional(),
  durationMinutes: durationMinutes.optional(),
  bufferMinutes: bufferMinutes.optional(),
  mode: consultationModeSchema.optional(),
  price: moneySchema.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateAppointmentTypeInput = z.output<typeof updateAppointmentTypeSchema>;

export const appointmentTypeSchema = z.object({
  id: z.uuid(),
  doctorId: z.uuid(),
  name: z.string(),
  durationMinutes: z.number().int(),
  bufferMinutes: z.number().int(),
  mode: consultationModeSchema,
  price: moneyOutputSchema.nullable(),
  active: z.boolean(),
});
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
  };
}
