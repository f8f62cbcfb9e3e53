import { Inject, Injectable } from '@nestjs/common';
import { and, type SQL } from 'drizzle-orm';
import { keyset, type KeysetPosition } from '../../common/pagination/keyset.js';
import { DATABASE, type Database } from '../../db/database.js';
import { equalsWhenGiven, withinWhenGiven } from '../../db/filters.js';
import { auditEvents } from '../../db/schema/index.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface AuditFilter {
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: AuditEventRow['outcome'];
  from?: Date;
  to?: Date;
}

/** Read side of the audit trail; newest first, keyset-paginated on (at, id). */
@Injectable()
export class AuditEventsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async list(filter: AuditFilter, after: KeysetPosition<Date> | null, limit: number): Promise<AuditEventRow[]> {
    const page = keyset('desc', { key: auditEvents.at, id: auditEvents.id }, after);
    const conditions: (SQL | undefined)[] = [
      equalsWhenGiven(auditEvents.actorId, filter.actorId),
      equalsWhenGiven(auditEvents.action, filter.action),
      equalsWhenGiven(auditEvents.resourceType, filter.resourceType),
      equalsWhenGiven(auditEvents.resourceId, filter.resourceId),
      equalsWhenGiven(auditEvents.outcome, filter.outcome),
      ...withinWhenGiven(auditEvents.at, filter),
      page.after,
    ];
    return this.database.db
      .select()
      .from(auditEvents)
      .where(and(...conditions))
      .orderBy(...page.orderBy)
      .limit(limit);
  }
}
