import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { seal } from '../../common/crypto/encrypted-column.js';
import { DATABASE, type Database } from '../../db/database.js';
import { reviews } from '../../db/schema/index.js';
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
}
