import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { doctors, reviews } from '../../db/schema/index.js';
import type { Executor } from './transactions.js';

export type ReviewRow = typeof reviews.$inferSelect;

@Injectable()
export class ReviewsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** A second review of the appointment violates reviews_appointment_id_unique (409 ALREADY_REVIEWED). */
  async insert(tx: Executor, values: { appointmentId: string; doctorId: string; patientId: string; rating: number; comment: string | null; anonymous: boolean }): Promise<ReviewRow> {
    const [row] = await tx.insert(reviews).values(values).returning();
    return row!;
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
