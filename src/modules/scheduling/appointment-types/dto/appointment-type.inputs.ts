import { z } from 'zod';
import { consultationModeSchema } from '../../../../common/validation/enums.js';
import { moneySchema } from '../../../../common/validation/money.js';

const name = z.string().trim().min(1).max(100);
const durationMinutes = z.number().int().min(5).max(480);
const bufferMinutes = z.number().int().min(0).max(480);
/** Minutes before the visit at which reminders go out: up to 5, each between 5 minutes and 14 days. */
const reminderOffsetsMinutes = z
  .array(z.number().int().min(5).max(20_160))
  .max(5)
  .refine((list) => new Set(list).size === list.length, 'each offset once');

export const createAppointmentTypeSchema = z.strictObject({
  name,
  durationMinutes,
  bufferMinutes: bufferMinutes.default(0),
  mode: consultationModeSchema,
  price: moneySchema.nullable().default(null),
  reminderOffsetsMinutes: reminderOffsetsMinutes.default([1440, 120]),
}).meta({ id: 'CreateAppointmentTypeInput' });
export type CreateAppointmentTypeInput = z.output<typeof createAppointmentTypeSchema>;

export const updateAppointmentTypeSchema = z.strictObject({
  name: name.optional(),
  durationMinutes: durationMinutes.optional(),
  bufferMinutes: bufferMinutes.optional(),
  mode: consultationModeSchema.optional(),
  price: moneySchema.nullable().optional(),
  active: z.boolean().optional(),
  reminderOffsetsMinutes: reminderOffsetsMinutes.optional(),
}).meta({ id: 'UpdateAppointmentTypeInput' });
export type UpdateAppointmentTypeInput = z.output<typeof updateAppointmentTypeSchema>;
