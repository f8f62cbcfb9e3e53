import { Inject, Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { doctors, reviews } from '../../db/schema/index.js';

/**
 * Writes to the doctor row that follow other modules' changes: the row itself, made with the
 * account; the time zone set with availability; the next opening that scheduling computes;
 * the rating from the reviews. The doctors module is the only writer of its tables, so these
 * live here and the other modules reach them through DoctorScheduleService or events.
 */
@Injectable()
export class DoctorSyncRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The pending profile of a doctor who has just signed up, in the account's own transaction. */
  async insertPending(tx: Db, userId: string): Promise<void> {
    await tx.insert(doctors).values({ userId });
  }

  async setTimezone(tx: Db, doctorId: string, timezone: string): Promise<void> {
    await tx.update(doctors).set({ timezone, updatedAt: sql`now()` }).where(eq(doctors.id, doctorId));
  }

  /** Stores the directory's next free slot; true when the stored value changed. */
  async setNextAvailableAt(doctorId: string, at: Date | null): Promise<boolean> {
    const rows = await this.database.db
      .update(doctors)
      .set({ nextAvailableAt: at })
      .where(and(eq(doctors.id, doctorId), sql`${doctors.nextAvailableAt} is distinct from ${at ? at.toISOString() : null}::timestamptz`))
      .returning({ id: doctors.id });
    return rows.length > 0;
  }

  /**
   * Recomputes the doctor's aggregate from the reviews, exactly, in the transaction that
   * inserted a review. The row lock comes first: a concurrent review of the same doctor waits
   * for it until this transaction commits, and its UPDATE, a new statement with a new snapshot,
   * then counts this review too (one UPDATE alone would recompute from the snapshot it started
   * with). FOR NO KEY UPDATE, not FOR UPDATE: each review's insert already holds FOR KEY SHARE on
   * the row through its foreign key, which FOR UPDATE conflicts with, so two concurrent reviews
   * would deadlock.
   */
  async refreshRating(tx: Db, doctorId: string): Promise<void> {
    await tx.select({ id: doctors.id }).from(doctors).where(eq(doctors.id, doctorId)).for('no key update');
    await tx
      .update(doctors)
      .set({
        ratingAverage: sql`coalesce((select round(avg(${reviews.rating})::numeric, 2) from ${reviews} where ${reviews.doctorId} = ${doctorId}), 0)`,
        ratingCount: sql`(select count(*)::int from ${reviews} where ${reviews.doctorId} = ${doctorId})`,
      })
      .where(eq(doctors.id, doctorId));
  }

  /**
   * A deleted doctor's profile leaves the directory: rejected, so no search, card or profile
   * shows it (404), with a note saying why (in the account's deletion transaction).
   */
  async hideDeleted(tx: Db, userId: string): Promise<void> {
    await tx.update(doctors).set({ verificationStatus: 'rejected', verificationNote: 'account deleted', updatedAt: sql`now()` }).where(eq(doctors.userId, userId));
  }
}
