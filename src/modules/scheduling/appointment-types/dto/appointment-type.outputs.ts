import { z } from 'zod';
import type { AppointmentTypeRow } from '../appointment-types.repository.js';
import { appointmentAudienceSchema, consultationModeSchema } from '../../../../common/validation/enums.js';
import { moneyOf, moneyOutputSchema } from '../../../../common/validation/money.js';
import { APPOINTMENT_TYPE_NAME_MAX_LENGTH, MAX_ACTIVE_APPOINTMENT_TYPES, MAX_LISTED_INACTIVE_APPOINTMENT_TYPES } from './appointment-type.inputs.js';

export const appointmentTypeSchema = z.object({
  id: z.uuid(),
  doctorId: z.uuid(),
  name: z.string().max(APPOINTMENT_TYPE_NAME_MAX_LENGTH),
  durationMinutes: z.number().int(),
  bufferMinutes: z.number().int(),
  mode: consultationModeSchema,
  price: moneyOutputSchema.nullable(),
  active: z.boolean(),
  audience: appointmentAudienceSchema,
  intakeQuestions: z
    .array(
      z.object({
        id: z.uuid(),
        text: z.string().max(500),
        kind: z.enum(['text', 'yes_no', 'single_choice', 'date']),
        required: z.boolean(),
        options: z.array(z.string().max(100)).max(20).nullable(),
      }).meta({ id: 'IntakeQuestion' }),
    )
    .max(20),
  /** Minutes before the visit at which reminders go out, longest first. */
  reminderOffsetsMinutes: z.array(z.number().int()).max(5),
}).meta({ id: 'AppointmentType' });
export type AppointmentTypeDto = z.infer<typeof appointmentTypeSchema>;

/** A doctor's active types: capped when written (MAX_ACTIVE_APPOINTMENT_TYPES). */
export const activeAppointmentTypesSchema = z.array(appointmentTypeSchema).max(MAX_ACTIVE_APPOINTMENT_TYPES);
/** The doctor's own list: the active ones and the most recently changed inactive ones. */
export const myAppointmentTypesSchema = z.array(appointmentTypeSchema).max(MAX_ACTIVE_APPOINTMENT_TYPES + MAX_LISTED_INACTIVE_APPOINTMENT_TYPES);

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
    audience: row.audience,
    intakeQuestions: row.intakeQuestions.map((q) => ({ id: q.id, text: q.text, kind: q.kind, required: q.required, options: q.options ?? null })),
    reminderOffsetsMinutes: [...row.reminderOffsetsMinutes].sort((a, b) => b - a),
  };
}
