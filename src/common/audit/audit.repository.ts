import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../../db/database.js';
import { auditEvents } from '../../db/schema/index.js';

export type AuditEventInsert = typeof auditEvents.$inferInsert;

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async insert(event: AuditEventInsert): Promise<void> {
    await this.database.db.insert(auditEvents).values(event);
  }
}
