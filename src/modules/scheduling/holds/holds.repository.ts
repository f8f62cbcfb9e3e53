import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { appointmentHolds } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';
import type { OfferContacts } from '../notifications/notification-messages.js';
import type { InstantRange } from '../slots/engine/index.js';
import type { TakenSlot } from '../appointments/slot-planner.service.js';

export type HoldRow = typeof appointmentHolds.$inferSelect;

/** What booking with a hold needs to know of it. `live`: it had not expired yet. */
export interface ConsumedHold {
  id: string;
  doctorId: string;
  appointmentTypeId: string;
  startAt: Date;
  waitlistEntryId: string | null;
  live: boolean;
}

/** A hold that ends early stops living now (never before it began: an empty lifetime). */
const END_NOW = sql`greatest(created_at, least(expires_at, now()))`;

/**
 * Holds (migration 0025). Every instant of a hold's life is the database's `now()`, the same
 * clock the exclusion constraint and the appointments trigger compare with.
 */
@Injectable()
export class HoldsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * The patient's new own hold, living `minutes`; their live own hold (if any) ends as
   * `replaced` first, in the same transaction. The per-patient lock serialises a patient's
   * concurrent holds, so the replacement never meets the one-live-hold constraint. Raises 23P01
   * (appointment_holds_doctor_no_overlap) when the slot is held or booked.
   */
  async replaceOwn(tx: Executor, hold: TakenSlot, minutes: number): Promise<HoldRow> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`hold:${hold.patientId}`}, 0))`);
    await tx.execute(sql`
      update appointment_holds set ended = 'replaced', expires_at = ${END_NOW}
      where patient_id = ${hold.patientId} and waitlist_entry_id is null and ended is null and expires_at > now()`);
    return this.insert(tx, hold, minutes, null);
  }

  /** A hold for a waitlist entry's patient (an offer). Raises 23P01 when the slot is held or booked, 23505 when the entry had this slot. */
  async insertOffer(tx: Executor, hold: TakenSlot, minutes: number, entryId: string): Promise<HoldRow> {
    return this.insert(tx, hold, minutes, entryId);
  }

  private async insert(tx: Executor, hold: TakenSlot, minutes: number, entryId: string | null): Promise<HoldRow> {
    const [row] = await tx
      .insert(appointmentHolds)
      .values({ ...hold, waitlistEntryId: entryId, expiresAt: sql`now() + make_interval(mins => ${minutes})` })
      .returning();
    return row!;
  }

  /**
   * Ends the patient's own hold `id` as `released` and answers its doctor, or null when the
   * patient has no such hold. Releasing one that already ended or expired changes nothing.
   */
  async release(id: string, patientId: string): Promise<string | null> {
    const result = (await this.database.db.execute(sql`
      update appointment_holds set ended = coalesce(ended, 'released'), expires_at = case when ended is null then ${END_NOW} else expires_at end
      where id = ${id} and patient_id = ${patientId} and waitlist_entry_id is null
      returning doctor_id`)) as unknown as { rows: { doctor_id: string }[] };
    return result.rows[0]?.doctor_id ?? null;
  }

  /**
   * Inside the booking transaction: ends the patient's hold `id` as `booked` (row-locked until
   * the commit) and answers it as it was, or null when the patient has no hold `id` that is
   * still open (never made, someone else's, or already ended). A hold that expired without
   * ending is answered too: it protects nothing any more, and the insert decides.
   */
  async consume(tx: Executor, id: string, patientId: string): Promise<ConsumedHold | null> {
    const result = (await tx.execute(sql`
      with h as (
        select id, expires_at > now() as live from appointment_holds
        where id = ${id} and patient_id = ${patientId} and ended is null
        for update
      )
      update appointment_holds a set ended = 'booked', expires_at = greatest(a.created_at, least(a.expires_at, now()))
      from h where a.id = h.id
      returning a.id, a.doctor_id, a.appointment_type_id, a.start_at, a.waitlist_entry_id, h.live`)) as unknown as {
      rows: { id: string; doctor_id: string; appointment_type_id: string; start_at: Date | string; waitlist_entry_id: string | null; live: boolean }[];
    };
    const row = result.rows[0];
    if (!row) return null;
    return {
      id: row.id,
      doctorId: row.doctor_id,
      appointmentTypeId: row.appointment_type_id,
      startAt: new Date(row.start_at),
      waitlistEntryId: row.waitlist_entry_id,
      live: row.live,
    };
  }

  /**
   * Deletes up to `limit` holds that stopped living more than a day ago, except offers of
   * entries still open (they remember which slots the entry was offered). SKIP LOCKED:
   * concurrent purges take disjoint rows.
   */
  async purgeSpent(limit: number): Promise<number> {
    const result = (await this.database.db.execute(sql`
      delete from appointment_holds where id in (
        select h.id from appointment_holds h
        left join waitlist_entries e on e.id = h.waitlist_entry_id
        where h.expires_at < now() - interval '1 day'
          and (h.waitlist_entry_id is null or e.ended_at is not null or e.to_at < now())
        limit ${limit} for update of h skip locked)
      returning id`)) as unknown as { rows: unknown[] };
    return result.rows.length;
  }

  /** Who to tell about an offer (hold `id`), or null when there is no such hold. */
  async offerContacts(id: string): Promise<OfferContacts | null> {
    const result = (await this.database.db.execute(sql`
      select pu.id as patient_id, pu.email as patient_email, pu.locale as patient_locale,
             (h.ended is null and h.expires_at > now()) as open,
             du.full_name as doctor_name, d.timezone as doctor_timezone, h.start_at, h.expires_at
      from appointment_holds h
      join users pu on pu.id = h.patient_id
      join doctors d on d.id = h.doctor_id
      join users du on du.id = d.user_id
      where h.id = ${id}`)) as unknown as { rows: OfferRow[] };
    const row = result.rows[0];
    return row
      ? {
          patientId: row.patient_id,
          patientEmail: row.patient_email,
          patientLocale: row.patient_locale,
          open: row.open,
          doctorName: row.doctor_name,
          doctorTimezone: row.doctor_timezone,
          startAt: new Date(row.start_at),
          expiresAt: new Date(row.expires_at),
        }
      : null;
  }

  /** Live holds of the doctor overlapping [from, to), as busy ranges for the slot engine. */
  async liveRanges(db: Executor, doctorId: string, from: Date, to: Date): Promise<InstantRange[]> {
    const result = (await db.execute(sql`
      select start_at, busy_until from appointment_holds
      where doctor_id = ${doctorId} and expires_at > now()
        and doctor_period && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`)) as unknown as {
      rows: { start_at: Date | string; busy_until: Date | string }[];
    };
    return result.rows.map((r) => ({ start: new Date(r.start_at), end: new Date(r.busy_until) }));
  }
}

interface OfferRow {
  patient_id: string;
  patient_email: string;
  patient_locale: 'en' | 'es';
  open: boolean;
  doctor_name: string;
  doctor_timezone: string;
  start_at: Date | string;
  expires_at: Date | string;
}
