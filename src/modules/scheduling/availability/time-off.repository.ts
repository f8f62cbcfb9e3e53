import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { timeOff } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';
import type { InstantRange } from '../slots/engine/index.js';
import { MAX_LISTED_TIME_OFF } from './dto/time-off.inputs.js';

export type TimeOffRow = typeof timeOff.$inferSelect;

@Injectable()
export class TimeOffRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * Inserts unless the doctor already has MAX_LISTED_TIME_OFF entries ending after `listedSince`
   * (what the list shows); null when full. The doctor's rows in that set are locked first so
   * two concurrent adds count one after the other.
   */
  create(doctorId: string, range: InstantRange, reason: string | null, listedSince: Date): Promise<TimeOffRow | null> {
    return this.database.db.transaction(async (tx) => {
      const listed = and(eq(timeOff.doctorId, doctorId), gt(timeOff.endAt, listedSince));
      await tx.select({ id: timeOff.id }).from(timeOff).where(listed).for('update');
      if ((await tx.$count(timeOff, listed)) >= MAX_LISTED_TIME_OFF) return null;
      const [row] = await tx.insert(timeOff).values({ doctorId, startAt: range.start, endAt: range.end, reason }).returning();
      return row!;
    });
  }

  /** Time off ending after `since`, by start, at most MAX_LISTED_TIME_OFF. */
  list(doctorId: string, since: Date): Promise<TimeOffRow[]> {
    return this.database.db
      .select()
      .from(timeOff)
      .where(and(eq(timeOff.doctorId, doctorId), gt(timeOff.endAt, since)))
      .orderBy(asc(timeOff.startAt), asc(timeOff.id))
      .limit(MAX_LISTED_TIME_OFF);
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
