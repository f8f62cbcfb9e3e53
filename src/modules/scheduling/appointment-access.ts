import type { Role } from '../../common/auth/policy.js';
import type { Principal } from '../../common/auth/principal.js';

/** As whom the caller touches an appointment: its patient, its doctor, or an admin. */
export type ParticipantRole = Role;

/**
 * The one answer to "may this caller touch this appointment, and as whom?". Null means the
 * caller must not learn the appointment exists (404).
 */
export function participantRoleOf(appointment: { patientId: string; doctorUserId: string }, principal: Principal): ParticipantRole | null {
  if (principal.userId === appointment.patientId) return 'patient';
  if (principal.userId === appointment.doctorUserId) return 'doctor';
  if (principal.role === 'admin') return 'admin';
  return null;
}
