import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { appointments, bookingSuspensions, doctors } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';

/** Booking suspensions after no-shows (the table's one writer), and the counts they are decided on. */
@Injectable()
export class BookingSuspensionsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The patient's suspension in force at `now` (not lifted, not over), if any. */
  async active(patientId: string, now: Date, executor: Executor = this.database.db): Promise<{ id: string; endsAt: Date } | null> {
    const [row] = await executor
      .select({ id: bookingSuspensions.id, endsAt: bookingSuspensions.endsAt })
      .from(bookingSuspensions)
      .where(and(eq(bookingSuspensions.patientId, patientId), isNull(bookingSuspensions.liftedAt), sql`${bookingSuspensions.startsAt} <= ${now.toISOString()}::timestamptz`, sql`${bookingSuspensions.endsAt} > ${now.toISOString()}::timestamptz`))
      .orderBy(desc(bookingSuspensions.endsAt))
      .limit(1);
    return row ?? null;
  }

  /**
   * No-shows that count toward a new suspension: visits that started after `since` and were
   * marked no-show after the patient's latest suspension was created (those before it were spent on it).
   */
  async countableNoShows(tx: Executor, patientId: string, since: Date): Promise<number> {
    const result = (await tx.execute(sql`
      select count(*)::int as n from ${appointments} a
      where a.patient_id = ${patientId} and a.status = 'no_show' and a.start_at > ${since.toISOString()}::timestamptz
        and a.updated_at > coalesce((select max(s.created_at) from ${bookingSuspensions} s where s.patient_id = ${patientId}), '-infinity'::timestamptz)`)) as unknown as { rows: { n: number }[] };
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Serialises decisions about one patient's suspension until the transaction ends. */
  async lock(tx: Executor, patientId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`booking-suspension:${patientId}`}, 0))`);
  }

  async create(tx: Executor, patientId: string, startsAt: Date, endsAt: Date): Promise<void> {
    await tx.insert(bookingSuspensions).values({ patientId, startsAt, endsAt });
  }

  /** Lifts the suspension in force; false when there is none. */
  async lift(patientId: string, by: string, now: Date): Promise<boolean> {
    const rows = await this.database.db
      .update(bookingSuspensions)
      .set({ liftedAt: now, liftedBy: by })
      .where(and(eq(bookingSuspensions.patientId, patientId), isNull(bookingSuspensions.liftedAt), sql`${bookingSuspensions.endsAt} > ${now.toISOString()}::timestamptz`))
      .returning({ id: bookingSuspensions.id });
    return rows.length > 0;
  }

  /** Whether the doctor (by user id) has ever had an appointment with the patient: the doctors who may lift a suspension. */
  async doctorKnowsPatient(doctorUserId: string, patientId: string): Promise<boolean> {
    const [row] = await this.database.db
      .select({ id: appointments.id })
      .from(appointments)
      .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
      .where(and(eq(doctors.userId, doctorUserId), eq(appointments.patientId, patientId)))
      .limit(1);
    return row !== undefined;
  }
}
