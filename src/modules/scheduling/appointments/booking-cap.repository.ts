import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/transactions.js';

/** The per-patient cap on future confirmed appointments (against slot hoarding). */
@Injectable()
export class BookingCapRepository {
  /**
   * Serialises this patient's bookings until the transaction ends, then counts their future
   * confirmed appointments. Counting after the lock is what makes the cap hold: in READ
   * COMMITTED each statement sees what committed before it started, so a concurrent booking
   * of the same patient has either committed (and is counted) or waits for this one.
   * Served by appointments_patient_start_idx.
   */
  async lockAndCountFuture(tx: Executor, patientId: string, now: Date): Promise<number> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`booking-cap:${patientId}`}, 0))`);
    const result = (await tx.execute(sql`
      select count(*)::int as n from appointments
      where patient_id = ${patientId} and status = 'confirmed' and start_at > ${now.toISOString()}::timestamptz`)) as unknown as { rows: { n: number }[] };
    return Number(result.rows[0]?.n ?? 0);
  }
}
