import { Inject, Injectable } from '@nestjs/common';
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
}
