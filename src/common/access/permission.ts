import { ROLES, type Role } from '../auth/policy.js';
import type { notFoundDetails } from '../errors/catalog.js';

/**
 * What a caller may do, by name. A service method that touches a resource asks for one of
 * these on its first line (`AccessService.requireAccess`); the route's `@Roles` is only the
 * coarse first gate. The values of the appointment permissions are also their audit actions.
 */
export const Permission = {
  /** Every appointment, not only the caller's own (the admin listing). */
  AppointmentListAll: 'appointment.list_all',
  AppointmentRead: 'appointment.read',
  AppointmentCancel: 'appointment.cancel',
  AppointmentReschedule: 'appointment.reschedule',
  AppointmentComplete: 'appointment.complete',
  AppointmentNoShow: 'appointment.no_show',
  AppointmentReview: 'appointment.review',
  /** A doctor's profile whatever its verification status, with the licence and the admin's note. */
  DoctorViewUnverified: 'doctor.view_unverified',
  DoctorManageOwnProfile: 'doctor.manage_own_profile',
  DoctorVerify: 'doctor.verify',
  /** The caller's own weekly hours, settings, time off and appointment types. */
  AvailabilityManageOwn: 'availability.manage_own',
  AppointmentTypeUpdate: 'appointment_type.update',
  TimeOffDelete: 'time_off.delete',
  AuditRead: 'audit.read',
  /** Add, rename and remove plans of the insurance catalogue. */
  InsurancePlanManage: 'insurance_plan.manage',
  /** Lifting a patient's no-show suspension (a doctor: only for a patient they have seen; checked by the service). */
  BookingSuspensionLift: 'booking_suspension.lift',
  /** Webhooks: subscribing (doctors, admins); the clinic's events and every subscription (admins); one subscription (its owner, admins). */
  WebhookCreate: 'webhook.create',
  WebhookClinic: 'webhook.clinic',
  WebhookManage: 'webhook.manage',
  /** Emergency access ("break glass"): a time-limited grant to one patient's records, and reading them under it. */
  BreakGlassRequest: 'break_glass.request',
  /** The list of every emergency-access grant, for review. */
  BreakGlassReview: 'break_glass.review',
  /** The caller's own accounting of disclosures: who read their health data. */
  AccessLogReadOwn: 'access_log.read_own',
  /** A doctor's verification documents (by the doctor's id): the doctor themself and admins. */
  DoctorDocumentRead: 'doctor_document.read',
  DoctorDocumentDelete: 'doctor_document.delete',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/**
 * The caller's part in a resource: its patient, its doctor (for a doctor's own profile, types
 * and time off: that doctor), or an admin. Also what `cancelledBy` records.
 */
export type Relation = Role;

export type Resource = 'appointment' | 'doctor' | 'appointment_type' | 'time_off' | 'webhook';

/** Who a resource belongs to: its patient (appointments only) and its doctor's user. */
export interface Owners {
  id: string;
  patientUserId: string | null;
  doctorUserId: string;
}

export type Rule =
  /** Decided by the caller's role alone; there is no resource to look up. */
  | { kind: 'role'; roles: readonly Role[] }
  /** Decided per resource by the caller's relation to it; anything else is 404 (the catalog's `notFound` detail), as if it did not exist. */
  | { kind: 'resource'; resource: Resource; relations: readonly Relation[]; notFound: keyof typeof notFoundDetails; auditDenied: boolean };

/** The relations, read from the roles (user_role), so no list of them is typed out here. */
const EVERYONE: readonly Relation[] = ROLES;
/** The two people who have to be there: the patient and the doctor. */
const THE_TWO_PARTIES: readonly Relation[] = ROLES.filter((role) => role !== 'admin');
/** The doctor themself, or an admin. */
const OWNER_OR_ADMIN: readonly Relation[] = ROLES.filter((role) => role !== 'patient');

const APPOINTMENT = { kind: 'resource', resource: 'appointment', notFound: 'appointment', auditDenied: true } as const;

/** The whole policy, one line per permission. */
export const POLICY = {
  [Permission.AppointmentListAll]: { kind: 'role', roles: ['admin'] },
  [Permission.AppointmentRead]: { ...APPOINTMENT, relations: EVERYONE },
  [Permission.AppointmentCancel]: { ...APPOINTMENT, relations: EVERYONE },
  // Admins never move a visit: that is for the two people who have to be there.
  [Permission.AppointmentReschedule]: { ...APPOINTMENT, relations: THE_TWO_PARTIES },
  [Permission.AppointmentComplete]: { ...APPOINTMENT, relations: ['doctor'] },
  [Permission.AppointmentNoShow]: { ...APPOINTMENT, relations: ['doctor'] },
  [Permission.AppointmentReview]: { ...APPOINTMENT, relations: ['patient'] },
  [Permission.DoctorViewUnverified]: { kind: 'resource', resource: 'doctor', relations: OWNER_OR_ADMIN, notFound: 'doctor', auditDenied: false },
  [Permission.DoctorManageOwnProfile]: { kind: 'role', roles: ['doctor'] },
  [Permission.DoctorVerify]: { kind: 'role', roles: ['admin'] },
  [Permission.AvailabilityManageOwn]: { kind: 'role', roles: ['doctor'] },
  [Permission.AppointmentTypeUpdate]: { kind: 'resource', resource: 'appointment_type', relations: ['doctor'], notFound: 'appointmentType', auditDenied: false },
  [Permission.TimeOffDelete]: { kind: 'resource', resource: 'time_off', relations: ['doctor'], notFound: 'timeOff', auditDenied: false },
  [Permission.AuditRead]: { kind: 'role', roles: ['admin'] },
  [Permission.InsurancePlanManage]: { kind: 'role', roles: ['admin'] },
  [Permission.BookingSuspensionLift]: { kind: 'role', roles: OWNER_OR_ADMIN },
  // A webhook's "doctor" is its owner (Owners.doctorUserId holds the owner's user id).
  [Permission.WebhookCreate]: { kind: 'role', roles: OWNER_OR_ADMIN },
  [Permission.WebhookClinic]: { kind: 'role', roles: ['admin'] },
  [Permission.WebhookManage]: { kind: 'resource', resource: 'webhook', relations: OWNER_OR_ADMIN, notFound: 'webhook', auditDenied: false },
  [Permission.BreakGlassRequest]: { kind: 'role', roles: ['admin'] },
  [Permission.BreakGlassReview]: { kind: 'role', roles: ['admin'] },
  [Permission.AccessLogReadOwn]: { kind: 'role', roles: ['patient'] },
  [Permission.DoctorDocumentRead]: { kind: 'resource', resource: 'doctor', relations: OWNER_OR_ADMIN, notFound: 'document', auditDenied: true },
  [Permission.DoctorDocumentDelete]: { kind: 'resource', resource: 'doctor', relations: OWNER_OR_ADMIN, notFound: 'document', auditDenied: true },
} as const satisfies Record<Permission, Rule>;

type PermissionOf<K extends Rule['kind']> = { [P in Permission]: (typeof POLICY)[P] extends { kind: K } ? P : never }[Permission];
/** Permissions on a resource: asked with the resource's ids. */
export type ResourcePermission = Exclude<Permission, RolePermission>;
/** Permissions decided by role alone: asked without ids. */
export type RolePermission = PermissionOf<'role'>;

/** The caller's relations to a resource, strongest claim first (patient, doctor, admin). */
export function relationsOf(caller: { userId: string; role: Role }, owners: Omit<Owners, 'id'>): Relation[] {
  const relations: Relation[] = [];
  if (owners.patientUserId !== null && owners.patientUserId === caller.userId) relations.push('patient');
  if (owners.doctorUserId === caller.userId) relations.push('doctor');
  if (caller.role === 'admin') relations.push('admin');
  return relations;
}

/** The relation under which `permission` is granted on a resource with these owners, or null. */
export function grantedRelation(caller: { userId: string; role: Role }, permission: ResourcePermission, owners: Omit<Owners, 'id'>): Relation | null {
  const rule: Rule = POLICY[permission];
  if (rule.kind !== 'resource') return null;
  return relationsOf(caller, owners).find((relation) => rule.relations.includes(relation)) ?? null;
}

/** Whether the caller's role carries a role permission. */
export function roleGrants(caller: { role: Role }, permission: RolePermission): boolean {
  const rule: Rule = POLICY[permission];
  return rule.kind === 'role' && rule.roles.includes(caller.role);
}
