import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { keyset, type KeysetPosition } from '../../common/pagination/keyset.js';
import { DATABASE, type Database } from '../../db/database.js';
import { appointments, auditEvents, users } from '../../db/schema/index.js';

export interface AccessLogRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  actorName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  details: Record<string, string | number | boolean | null> | null;
}

/**
 * A patient's accounting of disclosures, from the audit trail: every successful action of
 * someone else on the patient's appointments or on their whole record (emergency access).
 * Served by audit_events_resource_at_idx.
 */
@Injectable()
export class AccessLogRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  list(patientId: string, after: KeysetPosition<Date> | null, limit: number): Promise<AccessLogRow[]> {
    const page = keyset('desc', { key: auditEvents.at, id: auditEvents.id }, after);
    const theirAppointments = this.database.db.select({ id: sql<string>`${appointments.id}::text` }).from(appointments).where(eq(appointments.patientId, patientId));
    return this.database.db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        actorId: auditEvents.actorId,
        actorRole: auditEvents.actorRole,
        actorName: users.fullName,
        action: auditEvents.action,
        resourceType: auditEvents.resourceType,
        resourceId: auditEvents.resourceId,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(
        and(
          eq(auditEvents.outcome, 'success'),
          sql`${auditEvents.actorId} is distinct from ${patientId}::uuid`,
          or(
            and(eq(auditEvents.resourceType, 'appointment'), inArray(auditEvents.resourceId, theirAppointments)),
            and(eq(auditEvents.resourceType, 'patient'), eq(auditEvents.resourceId, patientId)),
          ),
          page.after,
        ),
      )
      .orderBy(...page.orderBy)
      .limit(limit);
  }
}
