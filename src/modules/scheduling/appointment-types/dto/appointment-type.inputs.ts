import { z } from 'zod';
import { appointmentAudienceSchema, consultationModeSchema } from '../../../../common/validation/enums.js';
import { moneySchema } from '../../../../common/validation/money.js';

export const APPOINTMENT_TYPE_NAME_MAX_LENGTH = 100;
/** A doctor offers at most this many active types (a create or reactivation beyond it is 400). */
export const MAX_ACTIVE_APPOINTMENT_TYPES = 50;
/** The doctor's own list adds at most this many inactive types, the most recently changed. */
export const MAX_LISTED_INACTIVE_APPOINTMENT_TYPES = 50;

const name = z.string().trim().min(1).max(APPOINTMENT_TYPE_NAME_MAX_LENGTH);
const durationMinutes = z.number().int().min(5).max(480);
const bufferMinutes = z.number().int().min(0).max(480);
/** Minutes before the visit at which reminders go out: up to 5, each between 5 minutes and 14 days. */
const reminderOffsetsMinutes = z
  .array(z.number().int().min(5).max(20_160))
  .max(5)
  .refine((list) => new Set(list).size === list.length, 'each offset once');

export const intakeQuestionInputSchema = z
  .strictObject({
    id: z.uuid().optional().meta({ description: 'Keep an existing question’s id when editing; omitted: a new id' }),
    text: z.string().trim().min(1).max(500),
    kind: z.enum(['text', 'yes_no', 'single_choice', 'date']),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1).max(100)).min(2).max(20).optional(),
  })
  .refine((q) => (q.kind === 'single_choice') === (q.options !== undefined), { message: 'options are given for single_choice questions, and only for them', path: ['options'] })
  .meta({ id: 'IntakeQuestionInput' });
const intakeQuestions = z.array(intakeQuestionInputSchema).max(20);
export type IntakeQuestionInput = z.output<typeof intakeQuestionInputSchema>;

export const createAppointmentTypeSchema = z.strictObject({
  name,
  durationMinutes,
  bufferMinutes: bufferMinutes.default(0),
  mode: consultationModeSchema,
  price: moneySchema.nullable().default(null),
  audience: appointmentAudienceSchema.default('any'),
  intakeQuestions: intakeQuestions.default([]),
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
  audience: appointmentAudienceSchema.optional(),
  intakeQuestions: intakeQuestions.optional(),
  reminderOffsetsMinutes: reminderOffsetsMinutes.optional(),
}).meta({ id: 'UpdateAppointmentTypeInput' });
export type UpdateAppointmentTypeInput = z.output<typeof updateAppointmentTypeSchema>;
