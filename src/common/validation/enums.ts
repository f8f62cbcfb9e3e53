import { z } from 'zod';
import { auditEvents } from '../../db/schema/audit.js';
import { verificationStatus } from '../../db/schema/doctors.js';
import { appointmentAudience, appointmentStatus, consultationMode } from '../../db/schema/scheduling.js';

/*
 * The API's enums are the database's: each list is read from its pgEnum (or enum column), so
 * a value added by a migration reaches validation, types and the OpenAPI document at once and
 * can never be spelled differently in one of them. Roles live in common/auth/policy.ts.
 */

export const CONSULTATION_MODES = consultationMode.enumValues;
export type ConsultationMode = (typeof CONSULTATION_MODES)[number];
export const consultationModeSchema = z.enum(CONSULTATION_MODES, `must be ${listed(CONSULTATION_MODES)}`);

export const VERIFICATION_STATUSES = verificationStatus.enumValues;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
export const verificationStatusSchema = z.enum(VERIFICATION_STATUSES);
/** What an admin may decide: every status but the initial one. */
export type VerificationDecision = Exclude<VerificationStatus, 'pending'>;

export const APPOINTMENT_STATUSES = appointmentStatus.enumValues;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const appointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

export const APPOINTMENT_AUDIENCES = appointmentAudience.enumValues;
export type AppointmentAudience = (typeof APPOINTMENT_AUDIENCES)[number];
export const appointmentAudienceSchema = z.enum(APPOINTMENT_AUDIENCES, `must be ${listed(APPOINTMENT_AUDIENCES)}`);

export const AUDIT_OUTCOMES = auditEvents.outcome.enumValues;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** `"a" or "b"`, `"a", "b" or "c"` (or without quotes): how validation messages name the allowed values. */
export function listed(values: readonly string[], quote = true): string {
  const names = values.map((value) => (quote ? `"${value}"` : value));
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
