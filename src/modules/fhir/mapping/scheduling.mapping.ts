import type { AppointmentDto } from '../../scheduling/appointments/dto/appointment.outputs.js';
import type { AppointmentTypeDto } from '../../scheduling/appointment-types/dto/appointment-type.outputs.js';
import type { DoctorDto } from '../../doctors/dto/doctor.outputs.js';
import type { AppointmentStatus } from '../../../common/validation/enums.js';
import { scheduleId, slotId } from './fhir-ids.js';
import { SYSTEMS, type CodeableConcept, type FhirResource } from './fhir-types.js';
import { specialtyConcepts } from './practitioner.mapping.js';

function serviceType(type: { id: string; name: string }): CodeableConcept {
  return { coding: [{ system: SYSTEMS.appointmentType, code: type.id, display: type.name }], text: type.name };
}

/** One Schedule per doctor and active appointment type: what the REST slots endpoint is asked for. */
export function toSchedule(doctor: DoctorDto, type: AppointmentTypeDto): FhirResource {
  const schedule: FhirResource = {
    resourceType: 'Schedule',
    id: scheduleId({ doctorId: doctor.id, appointmentTypeId: type.id }),
    active: true,
    serviceType: [serviceType(type)],
    actor: [{ reference: `Practitioner/${doctor.id}`, display: doctor.fullName }],
    comment: `${type.name}: ${type.durationMinutes} minutes, ${type.mode.replaceAll('_', ' ')}`,
  };
  if (doctor.specialties.length > 0) schedule.specialty = specialtyConcepts(doctor);
  return schedule;
}

/** A free slot the slot engine offers; its id names its schedule and its start. */
export function toSlot(key: { doctorId: string; appointmentTypeId: string; typeName: string }, slot: { start: string; end: string }): FhirResource {
  return {
    resourceType: 'Slot',
    id: slotId(key, new Date(slot.start)),
    schedule: { reference: `Schedule/${scheduleId(key)}` },
    serviceType: [serviceType({ id: key.appointmentTypeId, name: key.typeName })],
    status: 'free',
    start: slot.start,
    end: slot.end,
  };
}

const APPOINTMENT_STATUS: Record<AppointmentStatus, string> = {
  confirmed: 'booked',
  cancelled: 'cancelled',
  completed: 'fulfilled',
  no_show: 'noshow',
};

/**
 * An appointment as its participants and admins see it in the REST API (the input is that
 * DTO). The patient has no FHIR endpoint, so they are a logical reference (an identifier),
 * not a literal one that would not resolve.
 */
export function toAppointment(appointment: AppointmentDto): FhirResource {
  const resource: FhirResource = {
    resourceType: 'Appointment',
    id: appointment.id,
    status: APPOINTMENT_STATUS[appointment.status],
    serviceType: [serviceType(appointment.appointmentType)],
    start: appointment.start,
    end: appointment.end,
    minutesDuration: appointment.appointmentType.durationMinutes,
    created: appointment.createdAt,
    participant: [
      { actor: { reference: `Practitioner/${appointment.doctorId}`, display: appointment.doctorName }, required: 'required', status: 'accepted' },
      {
        actor: { type: 'Patient', identifier: { system: SYSTEMS.patient, value: appointment.patientId }, display: appointment.patientName },
        required: 'required',
        status: 'accepted',
      },
    ],
  };
  if (appointment.reason) resource.comment = appointment.reason;
  if (appointment.cancellationReason) resource.cancelationReason = { text: appointment.cancellationReason };
  return resource;
}
