import { z } from 'zod';
import { cursorParam, limitParam } from '../../../../common/pagination/page-query.js';
import { appointmentStatusSchema } from '../../../../common/validation/enums.js';
import { instantSchema } from '../../../../common/validation/instant.js';

/** A booking's reason and a cancellation's reason. */
export const APPOINTMENT_REASON_MAX_LENGTH = 2_000;

export const bookAppointmentSchema = z.strictObject({
  doctorId: z.uuid(),
  appointmentTypeId: z.uuid(),
  start: instantSchema,
  reason: z.string().trim().max(APPOINTMENT_REASON_MAX_LENGTH).optional(),
}).meta({ id: 'BookAppointmentInput' });
export type BookAppointmentInput = z.output<typeof bookAppointmentSchema>;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1..255 visible ASCII characters')
  .meta({ maxLength: 255, description: 'Same key, same body within 24 h: the original response, no second booking' })
  .optional();

export const cancelAppointmentSchema = z.strictObject({ reason: z.string().trim().max(APPOINTMENT_REASON_MAX_LENGTH).optional() }).meta({ id: 'CancelAppointmentInput' }).optional();
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
