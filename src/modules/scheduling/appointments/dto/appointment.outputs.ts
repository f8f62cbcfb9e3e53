import { z } from 'zod';
import { pageSchema, type Page } from '../../../../common/pagination/page-query.js';
import { ROLES } from '../../../../common/auth/policy.js';
import { appointmentStatusSchema, consultationModeSchema } from '../../../../common/validation/enums.js';
import type { AppointmentView } from '../appointments.repository.js';
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
  createdAt: instantOutput,
  updatedAt: instantOutput,
}).meta({ id: 'Appointment' });
export type AppointmentDto = z.infer<typeof appointmentSchema>;

export const appointmentPageSchema = pageSchema(appointmentSchema);
export type AppointmentPageDto = Page<AppointmentDto>;

/** What leaves the building about an appointment; only participants and admins get here. */
export function toAppointmentDto(view: AppointmentView): AppointmentDto {
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
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
