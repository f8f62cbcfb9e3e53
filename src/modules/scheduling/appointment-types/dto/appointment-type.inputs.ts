import { z } from 'zod';
import { consultationModeSchema } from '../../../../common/validation/enums.js';
import { moneySchema } from '../../../../common/validation/money.js';

export const APPOINTMENT_TYPE_NAME_MAX_LENGTH = 100;

const name = z.string().trim().min(1).max(APPOINTMENT_TYPE_NAME_MAX_LENGTH);
const durationMinutes = z.number().int().min(5).max(480);
const bufferMinutes = z.number().int().min(0).max(480);

export const createAppointmentTypeSchema = z.strictObject({
  name,
  durationMinutes,
  bufferMinutes: bufferMinutes.default(0),
  mode: consultationModeSchema,
  price: moneySchema.nullable().default(null),
}).meta({ id: 'CreateAppointmentTypeInput' });
export type CreateAppointmentTypeInput = z.output<typeof createAppointmentTypeSchema>;

export const updateAppointmentTypeSchema = z.strictObject({
  name: name.optional(),
  durationMinutes: durationMinutes.optional(),
  bufferMinutes: bufferMinutes.optional(),
  mode: consultationModeSchema.optional(),
  price: moneySchema.nullable().optional(),
  active: z.boolean().optional(),
}).meta({ id: 'UpdateAppointmentTypeInput' });
export type UpdateAppointmentTypeInput = z.output<typeof updateAppointmentTypeSchema>;
