import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { seal, unseal } from '../../common/crypto/encrypted-column.js';
import { isoInstant, rowsOf } from '../../db/rows.js';
import { reviews } from '../../db/schema/index.js';
import type { Executor } from '../../db/transactions.js';

/** A review with its comment decrypted. */
export type ReviewRow = Omit<typeof reviews.$inferSelect, 'comment'> & { comment: string | null };

/** A review as a doctor's public list reads it. */
export interface PublicReviewRecord {
  id: string;
  rating: number;
  comment: string | null;
  createdAt: string;
  /** The patient asked not to be named. */
  anonymous: boolean;
  /** The patient's full name, only for turning into a display name; null when anonymous. Never sent. */
  reviewerFullName: string | null;
  /** created_at at full precision, for the keyset. */
  cursorAt: string;
}

/** The reviews table's only writer (and reader). */
@Injectable()
export class ReviewsRepository {
  /** A second review of the appointment violates reviews_appointment_id_unique (409 ALREADY_REVIEWED). */
  async insert(tx: Executor, values: { appointmentId: string; doctorId: string; patientId: string; rating: number; comment: string | null; anonymous: boolean }): Promise<ReviewRow> {
    const id = randomUUID(); // made here: the comment's ciphertext is bound to it
    const [row] = await tx
      .insert(reviews)
      .values({ ...values, id, comment: seal('reviews', 'comment', id, values.comment) })
      .returning();
    return { ...row!, comment: values.comment };
  }

  /** A doctor's reviews, newest first, keyset on (created_at desc, id desc): a public read, on the executor `ReadRouting` chose. */
  async listForDoctor(reader: Executor, doctorId: string, limit: number, after: { at: string; id: string } | null): Promise<PublicReviewRecord[]> {
    const keyset = after ? sql`and (r.created_at, r.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
    const rows = await rowsOf<PublicReviewRecord>(
      reader,
      sql`select r.id, r.rating, r.comment, r.anonymous,
                 case when r.anonymous then null else u.full_name end as "reviewerFullName",
                 ${isoInstant(sql`r.created_at`)} as "createdAt",
                 r.created_at::text as "cursorAt"
            from reviews r join users u on u.id = r.patient_id
           where r.doctor_id = ${doctorId} ${keyset}
           order by r.created_at desc, r.id desc
           limit ${limit}`,
    );
    // The comment is bound to its review's id.
    return rows.map((r) => ({ ...r, rating: Number(r.rating), anonymous: r.anonymous === true, comment: unseal('reviews', 'comment', r.id, r.comment) }));
  }

  /** A deleted patient's reviews stay, anonymous: the author is no longer shown (in the account's deletion transaction). */
  async anonymiseByPatient(tx: Executor, patientId: string): Promise<void> {
    await tx.update(reviews).set({ anonymous: true }).where(eq(reviews.patientId, patientId));
  }
}
