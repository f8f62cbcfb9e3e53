import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { unseal } from '../../common/crypto/encrypted-column.js';
import { DATABASE, type Database } from '../../db/database.js';
import type { ReviewRecord } from './doctor.record.js';
import { rowsOf } from './doctor-sql.js';

export type ReviewRow = ReviewRecord & { cursorAt: string };

@Injectable()
export class ReviewsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** A doctor's reviews, newest first, keyset on (created_at desc, id desc). */
  async listForDoctor(doctorId: string, limit: number, after: { at: string; id: string } | null): Promise<ReviewRow[]> {
    const keyset = after ? sql`and (r.created_at, r.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
    const rows = await rowsOf<ReviewRow>(
      this.database.db,
      sql`select r.id, r.rating, r.comment, r.anonymous,
                 case when r.anonymous then null else u.full_name end as "reviewerFullName",
                 to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
                 r.created_at::text as "cursorAt"
            from reviews r join users u on u.id = r.patient_id
           where r.doctor_id = ${doctorId} ${keyset}
           order by r.created_at desc, r.id desc
           limit ${limit}`,
    );
    // The comment is bound to its review's id.
    return rows.map((r) => ({ ...r, rating: Number(r.rating), anonymous: r.anonymous === true, comment: unseal('reviews', 'comment', r.id, r.comment) }));
  }
}
