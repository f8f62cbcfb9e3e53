import { z } from 'zod';
import { pageSchema, type Page } from '../../../../common/pagination/page-query.js';
import { ROLES } from '../../../../common/auth/policy.js';
import { appointmentStatusSchema, consultationModeSchema } from '../../../../common/validation/enums.js';
import type { AppointmentView } from '../appointments.repository.js';
import type { Relation } from '../../../../common/access/permission.js';
import type { AppointmentAsSeen } from '../../../../common/events/event-bus.service.js';
import { instantOutput } from '../../../../common/validation/instant.js';
import { FULL_NAME_MAX_LENGTH } from '../../../auth/dto/auth.inputs.js';
import { APPOINTMENT_TYPE_NAME_MAX_LENGTH } from '../../appointment-types/dto/appointment-type.inputs.js';
import { APPOINTMENT_REASON_MAX_LENGTH } from './appointment.inputs.js';

export const appointmentSchema = z.object({
  id: z.uuid(),
  doctorId: z.uuid(),
  patientId: z.uuid(),
  doctorName: z.string().max(FULL_NAME_MAX_LENGTH),
  patientName: z.string().max(FULL_NAME_MAX_LENGTH),
  appointmentType: z.object({ id: z.uuid(), name: z.string().max(APPOINTMENT_TYPE_NAME_MAX_LENGTH), durationMinutes: z.number().int() }).meta({ id: 'AppointmentTypeSummary' }),
  start: instantOutput,
  end: instantOutput,
  mode: consultationModeSchema,
  status: appointmentStatusSchema,
  reason: z.string().max(APPOINTMENT_REASON_MAX_LENGTH).nullable(),
  cancelledBy: z.enum(ROLES).nullable(),
  cancellationReason: z.string().max(APPOINTMENT_REASON_MAX_LENGTH).nullable(),
  intakeAnswers: z
    .array(
      z.object({
        questionId: z.uuid(),
        question: z.string().max(500),
        answer: z.union([z.string().max(2_000), z.boolean()]),
      }).meta({ id: 'IntakeAnswer' }),
    )
    .max(20)
    .meta({ description: 'Health data: the two participants and admins see it' }),
  videoUrl: z.string().max(400).nullable().meta({ description: 'A video visit’s meeting link, for the two participants only (null for admins and in-person visits); replaced when the visit moves' }),
  seriesId: z.uuid().nullable().meta({ description: 'The follow-up series the visit belongs to, if any' }),
  createdAt: instantOutput,
  updatedAt: instantOutput,
}).meta({ id: 'Appointment' });
export type AppointmentDto = z.infer<typeof appointmentSchema>;

export const appointmentPageSchema = pageSchema(appointmentSchema);
export type AppointmentPageDto = Page<AppointmentDto>;

/**
 * What leaves the building about an appointment; only participants and admins get here. The
 * meeting link only goes to the participants (`as` is how the caller relates to the visit).
 */
export function toAppointmentDto(view: AppointmentView, as: Relation = 'patient'): AppointmentDto {
  return {
    id: view.id,
    doctorId: view.doctorId,
    patientId: view.patientId,
    doctorName: view.doctorName,
    patientName: view.patientName,
    appointmentType: { id: view.appointmentTypeId, name: view.typeName, durationMinutes: view.typeDurationMinutes },
    start: view.startAt.toISOString(),
    end: view.endAt.toISOString(),
    mode: view.mode,
    status: view.status,
    reason: view.reason,
    cancelledBy: view.cancelledBy as AppointmentDto['cancelledBy'],
    cancellationReason: view.cancellationReason,
    intakeAnswers: view.intakeAnswers.map((a) => ({ questionId: a.questionId, question: a.question, answer: a.answer })),
    videoUrl: as === 'admin' ? null : view.videoUrl,
    seriesId: view.seriesId,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}

/** The appointment as its doctor and as admins see it, for `appointment.recorded`. */
export function appointmentAsSeen(view: AppointmentView): AppointmentAsSeen {
  return { byDoctor: toAppointmentDto(view, 'doctor'), byAdmins: toAppointmentDto(view, 'admin') };
}
