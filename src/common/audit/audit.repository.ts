import { Inject, Injectable } from '@nestjs/common';
import type { SQL } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { auditEvents } from '../../db/schema/index.js';

export type AuditEventInsert = typeof auditEvents.$inferInsert;

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** On the pool, or on `within`: a caller's open transaction, so the row commits with its change. */
  async insert(event: AuditEventInsert, within: Db = this.database.db): Promise<void> {
    await within.insert(auditEvents).values(event);
  }

  /**
   * The same insert as a statement not yet run, for a caller that writes it as part of its own
   * statement (a data-modifying CTE), so the row costs no round trip of its own and the audit
   * chain's head lock (migration 0034) is taken as late as that statement runs.
   */
  insertStatement(event: AuditEventInsert): AuditStatement {
    // getSQL(): the statement itself; the builder as a value would be wrapped in parentheses.
    return this.database.db.insert(auditEvents).values(event).getSQL();
  }
}

/** An audit row's insert, to embed in another statement (see `AuditRepository.insertStatement`). */
export type AuditStatement = SQL;
