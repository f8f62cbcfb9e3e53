import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { notFound, roleForbidden } from '../errors/app-error.js';
import type { ClientContext } from '../http/client-context.js';
import { AccessRepository } from './access.repository.js';
import { grantedRelation, Permission, POLICY, roleGrants, type Owners, type Relation, type ResourcePermission, type RolePermission, type Rule } from './permission.js';
import { isPublicDoctor } from './public-doctor.js';

/**
 * Which appointments a listing shows the caller: those matching `filter` (empty for everyone's,
 * with `everyone` set), or none at all (null). `othersRecords` when the list shows other
 * people's visits (an admin's, a doctor's patients'), which is what the listing's audit row is for.
 */
export type AppointmentScope = { everyone: boolean; othersRecords: boolean; filter: { patientId?: string; doctorId?: string } } | null;

/**
 * Access in one place (in the spirit of Immich's utils/access.ts): services ask for a named
 * Permission on their first line and get the caller's relation back, or a refusal. Not yours
 * is 404 NOT_FOUND, never 403: nobody learns that someone else's record exists. Refusals of
 * appointment permissions are audit events (`appointment.<action>`, outcome `denied`).
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly repository: AccessRepository,
    private readonly audit: AuditService,
  ) {}

  /** A permission decided by role alone (the route's `@Roles` already holds it; this is the service's own word). */
  requireAccess(principal: Principal, permission: RolePermission): Promise<Relation>;
  /** One resource: the caller's relation to it, or 404 (and for appointments a `denied` audit row). */
  requireAccess(principal: Principal, permission: ResourcePermission, id: string, client?: ClientContext): Promise<Relation>;
  /** Several resources, all or nothing: each id's relation, or 404 if any one is not the caller's. */
  requireAccess(principal: Principal, permission: ResourcePermission, ids: readonly string[], client?: ClientContext): Promise<ReadonlyMap<string, Relation>>;
  async requireAccess(
    principal: Principal,
    permission: RolePermission | ResourcePermission,
    ids?: string | readonly string[],
    client?: ClientContext,
  ): Promise<Relation | ReadonlyMap<string, Relation>> {
    const rule: Rule = POLICY[permission];
    if (rule.kind === 'role') {
      if (!roleGrants(principal, permission as RolePermission)) throw roleForbidden();
      return principal.role;
    }
    const list = typeof ids === 'string' ? [ids] : [...new Set(ids ?? [])];
    const granted = await this.checkAccess(principal, permission as ResourcePermission, list);
    const denied = list.filter((id) => !granted.has(id));
    if (denied.length > 0) {
      if (rule.auditDenied) {
        for (const id of denied) {
          await this.audit.recordBy(principal, client ?? null, { action: permission, outcome: 'denied', resource: { type: rule.resource, id }, details: { code: 'NOT_FOUND' } });
        }
      }
      throw notFound(rule.notFound);
    }
    return typeof ids === 'string' ? granted.get(ids)! : new Map(list.map((id) => [id, granted.get(id)!]));
  }

  /** The ids among `ids` the caller may act on with `permission`, each with the caller's relation. */
  async checkAccess(principal: Principal, permission: ResourcePermission, ids: readonly string[]): Promise<Map<string, Relation>> {
    const rule: Rule = POLICY[permission];
    const granted = new Map<string, Relation>();
    if (rule.kind !== 'resource') return granted;
    for (const owners of await this.repository.owners(rule.resource, ids)) {
      const relation = grantedRelation(principal, permission, owners);
      if (relation) granted.set(owners.id, relation);
    }
    return granted;
  }

  /** Whether the caller (or an anonymous one) holds a role permission. No query. */
  holds(principal: Principal | undefined, permission: RolePermission): boolean {
    return principal !== undefined && roleGrants(principal, permission);
  }

  /** Whether the caller may act on a resource already loaded (a cached profile), given its owners. No query. */
  allowsOn(principal: Principal | undefined, permission: ResourcePermission, owners: Omit<Owners, 'id'>): boolean {
    return principal !== undefined && grantedRelation(principal, permission, owners) !== null;
  }

  /**
   * The doctor, if `viewer` may see it: a public doctor to anyone, an unpublished one only to
   * whoever holds DoctorViewUnverified on it (the doctor and admins). Else 404 NOT_FOUND.
   * Routes that show only public doctors pass no viewer.
   */
  requireVisibleDoctor<T extends { userId: string; verificationStatus: string }>(viewer: Principal | undefined, doctor: T | null | undefined): T {
    if (doctor && (isPublicDoctor(doctor) || this.mayViewUnpublished(viewer, doctor))) return doctor;
    throw notFound('doctor');
  }

  /** The doctor's private side (licence, unpublished status): the doctor themself and admins. */
  mayViewUnpublished(viewer: Principal | undefined, doctor: { userId: string }): boolean {
    return this.allowsOn(viewer, Permission.DoctorViewUnverified, { patientUserId: null, doctorUserId: doctor.userId });
  }

  /** Whose appointments a listing shows: everyone's (AppointmentListAll), else the caller's own as patient or doctor. */
  async appointmentScope(principal: Principal): Promise<AppointmentScope> {
    if (this.holds(principal, Permission.AppointmentListAll)) return { everyone: true, othersRecords: true, filter: {} };
    if (principal.role === 'patient') return { everyone: false, othersRecords: false, filter: { patientId: principal.userId } };
    const doctorId = principal.role === 'doctor' ? await this.repository.doctorIdOfUser(principal.userId) : null;
    return doctorId ? { everyone: false, othersRecords: true, filter: { doctorId } } : null;
  }

  /**
   * Whose events a webhook subscription of the caller hears: the whole clinic's (admins,
   * `doctorId` null) or the caller's own as a doctor; 403 for anyone else.
   */
  async webhookScope(principal: Principal): Promise<{ doctorId: string | null }> {
    await this.requireAccess(principal, Permission.WebhookCreate);
    if (this.holds(principal, Permission.WebhookClinic)) return { doctorId: null };
    const doctorId = await this.repository.doctorIdOfUser(principal.userId);
    if (!doctorId) throw notFound('doctorProfile');
    return { doctorId };
  }
}
