import { z } from 'zod';
import { cursorParam, limitParam } from '../../../../common/pagination/page-query.js';
import { appointmentStatusSchema } from '../../../../common/validation/enums.js';
import { instantSchema } from '../../../../common/validation/instant.js';

/** A booking's reason and a cancellation's reason. */
export const APPOINTMENT_REASON_MAX_LENGTH = 2_000;
/** Answers to a type's intake questions: text, a date (YYYY-MM-DD) or an option as a string, yes/no as a boolean. */
export const intakeAnswersSchema = z
  .array(z.strictObject({ questionId: z.uuid(), answer: z.union([z.string().trim().max(2_000), z.boolean()]) }).meta({ id: 'IntakeAnswerInput' }))
  .max(20)
  .meta({ description: 'Answers to the type’s intake questions (health data: encrypted at rest, shown to the two participants and admins only)' });

export const bookAppointmentSchema = z.strictObject({
  doctorId: z.uuid(),
  appointmentTypeId: z.uuid(),
  start: instantSchema,
  reason: z.string().trim().max(APPOINTMENT_REASON_MAX_LENGTH).optional(),
  intakeAnswers: intakeAnswersSchema.optional(),
  /** Issue 13: the caller's hold on this very slot (POST /appointments/holds), converted by this booking. */
  holdId: z.uuid().optional(),
}).meta({ id: 'BookAppointmentInput' });
export type BookAppointmentInput = z.output<typeof bookAppointmentSchema>;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1..255 visible ASCII characters')
  .meta({ maxLength: 255, description: 'Same key, same body within 24 h: the original response, no second booking' })
  .optional();

export const cancelAppointmentSchema = z
  .strictObject({
    reason: z.string().trim().max(APPOINTMENT_REASON_MAX_LENGTH).optional(),
    scope: z.enum(['this', 'following']).optional().meta({ description: 'For a visit of a follow-up series: `following` cancels it and every later confirmed occurrence; default `this`' }),
  })
  .meta({ id: 'CancelAppointmentInput' })
  .optional();
export type CancelAppointmentInput = z.output<typeof cancelAppointmentSchema>;

export const rescheduleAppointmentSchema = z.strictObject({ start: instantSchema }).meta({ id: 'RescheduleAppointmentInput' });
export type RescheduleAppointmentInput = z.output<typeof rescheduleAppointmentSchema>;

export const listAppointmentsQuerySchema = z.strictObject({
  status: appointmentStatusSchema.optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type ListAppointmentsQuery = z.output<typeof listAppointmentsQuerySchema>;
