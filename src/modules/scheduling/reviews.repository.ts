import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { seal } from '../../common/crypto/encrypted-column.js';
import { DATABASE, type Database } from '../../db/database.js';
import { doctors, reviews } from '../../db/schema/index.js';
import type { Executor } from '../../db/transactions.js';

/** A review with its comment decrypted. */
export type ReviewRow = Omit<typeof reviews.$inferSelect, 'comment'> & { comment: string | null };

@Injectable()
export class ReviewsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** A second review of the appointment violates reviews_appointment_id_unique (409 ALREADY_REVIEWED). */
  async insert(tx: Executor, values: { appointmentId: string; doctorId: string; patientId: string; rating: number; comment: string | null; anonymous: boolean }): Promise<ReviewRow> {
    const id = randomUUID(); // made here: the comment's ciphertext is bound to it
    const [row] = await tx
      .insert(reviews)
      .values({ ...values, id, comment: seal('reviews', 'comment', id, values.comment) })
      .returning();
    return { ...row!, comment: values.comment };
  }

  async existsFor(appointmentId: string): Promise<boolean> {
    const rows = await this.database.db.select({ id: reviews.id }).from(reviews).where(eq(reviews.appointmentId, appointmentId)).limit(1);
    return rows.length > 0;
  }

  /** Locks the doctor's row so concurrent reviews of one doctor update the aggregate one at a time. */
  async lockDoctor(tx: Executor, doctorId: string): Promise<void> {
    await tx.select({ id: doctors.id }).from(doctors).where(eq(doctors.id, doctorId)).for('update');
  }

  /**
   * Recomputes the doctor's aggregate from the reviews, exactly. Run after lockDoctor in the
   * same transaction: this statement's snapshot then includes every committed review.
   */
  async refreshAggregate(tx: Executor, doctorId: string): Promise<void> {
    await tx
      .update(doctors)
      .set({
        ratingAverage: sql`coalesce((select round(avg(${reviews.rating})::numeric, 2) from ${reviews} where ${reviews.doctorId} = ${doctorId}), 0)`,
        ratingCount: sql`(select count(*)::int from ${reviews} where ${reviews.doctorId} = ${doctorId})`,
      })
      .where(eq(doctors.id, doctorId));
  }
}
