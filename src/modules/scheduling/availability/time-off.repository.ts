import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { timeOff } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';
import type { InstantRange } from '../slots/engine/index.js';

export type TimeOffRow = typeof timeOff.$inferSelect;

@Injectable()
export class TimeOffRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async create(doctorId: string, range: InstantRange, reason: string | null): Promise<TimeOffRow> {
    const [row] = await this.database.db.insert(timeOff).values({ doctorId, startAt: range.start, endAt: range.end, reason }).returning();
    return row!;
  }

  list(doctorId: string): Promise<TimeOffRow[]> {
    return this.database.db.select().from(timeOff).where(eq(timeOff.doctorId, doctorId)).orderBy(asc(timeOff.startAt), asc(timeOff.id));
  }

  async remove(doctorId: string, id: string): Promise<boolean> {
    const rows = await this.database.db.delete(timeOff).where(and(eq(timeOff.id, id), eq(timeOff.doctorId, doctorId))).returning({ id: timeOff.id });
    return rows.length > 0;
  }

  /** Time off overlapping [from, to): the engine's blocked ranges for a window; on `db` (the primary, or a slot listing's reader). */
  async overlapping(db: Executor, doctorId: string, from: Date, to: Date): Promise<InstantRange[]> {
    const rows = await db
      .select({ start: timeOff.startAt, end: timeOff.endAt })
      .from(timeOff)
      .where(and(eq(timeOff.doctorId, doctorId), gt(timeOff.endAt, from), lt(timeOff.startAt, to)));
    return rows;
  }
}
