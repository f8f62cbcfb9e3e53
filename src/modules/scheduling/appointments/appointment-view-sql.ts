import { alias } from 'drizzle-orm/pg-core';
import { seal, unseal, type Sealed } from '../../../common/crypto/encrypted-column.js';
import { appointments, appointmentTypes, doctors, users } from '../../../db/schema/index.js';
import type { AppointmentStatus, ConsultationMode } from '../../../common/validation/enums.js';
import type { IntakeAnswer } from '../appointment-types/intake.js';

/*
 * An appointment as the API shows it (both names, the type) and how rows become one: the
 * encrypted columns are opened here, each bound to the appointment's id.
 */

/** An appointment with what its DTO shows: both names and the type. */
export interface AppointmentView {
  id: string;
  doctorId: string;
  doctorUserId: string;
  patientId: string;
  doctorName: string;
  patientName: string;
  appointmentTypeId: string;
  typeName: string;
  typeDurationMinutes: number;
  startAt: Date;
  endAt: Date;
  busyUntil: Date;
  mode: ConsultationMode;
  status: AppointmentStatus;
  reason: string | null;
  cancelledBy: string | null;
  cancellationReason: string | null;
  intakeAnswers: IntakeAnswer[];
  videoUrl: string | null;
  seriesId: string | null;
  createdAt: Date;
  updatedAt: Date;
}




export interface RawView {
  id: string;
  doctor_id: string;
  doctor_user_id: string;
  patient_id: string;
  doctor_name: string;
  patient_name: string;
  appointment_type_id: string;
  type_name: string;
  type_duration_minutes: number;
  start_at: Date | string;
  end_at: Date | string;
  busy_until: Date | string;
  mode: AppointmentView['mode'];
  status: AppointmentStatus;
  reason: string | null;
  cancelled_by: string | null;
  cancellation_reason: string | null;
  intake_answers: string | null;
  video_url: string | null;
  series_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export function fromRaw(r: RawView): AppointmentView {
  return {
    id: r.id,
    doctorId: r.doctor_id,
    doctorUserId: r.doctor_user_id,
    patientId: r.patient_id,
    doctorName: r.doctor_name,
    patientName: r.patient_name,
    appointmentTypeId: r.appointment_type_id,
    typeName: r.type_name,
    typeDurationMinutes: Number(r.type_duration_minutes),
    startAt: new Date(r.start_at),
    endAt: new Date(r.end_at),
    busyUntil: new Date(r.busy_until),
    mode: r.mode,
    status: r.status,
    reason: unseal('appointments', 'reason', r.id, r.reason),
    cancelledBy: r.cancelled_by,
    cancellationReason: unseal('appointments', 'cancellation_reason', r.id, r.cancellation_reason),
    intakeAnswers: openAnswers(r.id, r.intake_answers),
    videoUrl: unseal('appointments', 'video_url', r.id, r.video_url),
    seriesId: r.series_id,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** Decrypts the reasons of a view read through Drizzle (each is bound to the appointment's id). */
export function openView(
  row: Omit<AppointmentView, 'reason' | 'cancellationReason' | 'intakeAnswers' | 'videoUrl'> & { reason: Sealed | null; cancellationReason: Sealed | null; intakeAnswers: Sealed | null; videoUrl: Sealed | null },
): AppointmentView {
  return {
    ...row,
    reason: unseal('appointments', 'reason', row.id, row.reason),
    cancellationReason: unseal('appointments', 'cancellation_reason', row.id, row.cancellationReason),
    intakeAnswers: openAnswers(row.id, row.intakeAnswers),
    videoUrl: unseal('appointments', 'video_url', row.id, row.videoUrl),
  };
}

/** The intake answers, sealed as one JSON document bound to the appointment's id. */
export function sealAnswers(id: string, answers: readonly IntakeAnswer[]): Sealed | null {
  return answers.length === 0 ? null : seal('appointments', 'intake_answers', id, JSON.stringify(answers));
}

function openAnswers(id: string, value: Sealed | string | null): IntakeAnswer[] {
  const json = unseal('appointments', 'intake_answers', id, value);
  return json === null ? [] : (JSON.parse(json) as IntakeAnswer[]);
}

export const doctorUser = alias(users, 'doctor_user');
export const patientUser = alias(users, 'patient_user');

export const viewColumns = {
  id: appointments.id,
  doctorId: appointments.doctorId,
  doctorUserId: doctors.userId,
  patientId: appointments.patientId,
  doctorName: doctorUser.fullName,
  patientName: patientUser.fullName,
  appointmentTypeId: appointments.appointmentTypeId,
  typeName: appointmentTypes.name,
  typeDurationMinutes: appointmentTypes.durationMinutes,
  startAt: appointments.startAt,
  endAt: appointments.endAt,
  busyUntil: appointments.busyUntil,
  mode: appointments.mode,
  status: appointments.status,
  reason: appointments.reason,
  cancelledBy: appointments.cancelledBy,
  cancellationReason: appointments.cancellationReason,
  intakeAnswers: appointments.intakeAnswers,
  videoUrl: appointments.videoUrl,
  seriesId: appointments.seriesId,
  createdAt: appointments.createdAt,
  updatedAt: appointments.updatedAt,
};
