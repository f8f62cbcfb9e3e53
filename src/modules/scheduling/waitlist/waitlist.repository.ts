import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { waitlistEntries, type TimeOfDayWindow } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';
import type { InstantRange } from '../slots/engine/index.js';

export type WaitlistEntryRow = typeof waitlistEntries.$inferSelect;

/** An entry with its live offer, if any (the patient's list). */
export interface WaitlistEntryView extends WaitlistEntryRow {
  offer: { holdId: string; start: Date; end: Date; expiresAt: Date } | null;
}

export interface NewWaitlistEntry {
  patientId: string;
  doctorId: string;
  appointmentTypeId: string;
  fromAt: Date;
  toAt: Date;
  times: TimeOfDayWindow[];
}

/** An offer that ended (expired, declined, withdrawn): the slot it held, to pass on. */
export interface EndedOffer {
  doctorId: string;
  range: InstantRange;
}

interface RawEntry {
  id: string;
  patient_id: string;
  doctor_id: string;
  appointment_type_id: string;
  from_at: Date | string;
  to_at: Date | string;
  times: TimeOfDayWindow[];
  created_at: Date | string;
  ended_at: Date | string | null;
  hold_id: string | null;
  hold_start: Date | string | null;
  hold_end: Date | string | null;
  hold_expires: Date | string | null;
}

const at = (v: Date | string) => new Date(v);

function fromRaw(r: RawEntry): WaitlistEntryView {
  return {
    id: r.id,
    patientId: r.patient_id,
    doctorId: r.doctor_id,
    appointmentTypeId: r.appointment_type_id,
    fromAt: at(r.from_at),
    toAt: at(r.to_at),
    times: r.times,
    createdAt: at(r.created_at),
    endedAt: r.ended_at ? at(r.ended_at) : null,
    offer: r.hold_id ? { holdId: r.hold_id, start: at(r.hold_start!), end: at(r.hold_end!), expiresAt: at(r.hold_expires!) } : null,
  };
}

/** Entries with their live offer: open (not ended, `to` not passed), by age. */
const ENTRY_VIEW = sql`
  select e.id, e.patient_id, e.doctor_id, e.appointment_type_id, e.from_at, e.to_at, e.times, e.created_at, e.ended_at,
         h.id as hold_id, h.start_at as hold_start, h.end_at as hold_end, h.expires_at as hold_expires
  from waitlist_entries e
  left join appointment_holds h on h.waitlist_entry_id = e.id and h.ended is null and h.expires_at > now()
  where e.ended_at is null and e.to_at > now()`;

/** The waitlist (migration 0025). Offers are holds (HoldsRepository) naming their entry. */
@Injectable()
export class WaitlistRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Inserts the entry unless the patient already has `max` open ones (null then); a per-patient lock makes the count hold. */
  async insertCapped(tx: Executor, entry: NewWaitlistEntry, max: number): Promise<WaitlistEntryRow | null> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`waitlist:${entry.patientId}`}, 0))`);
    const counted = (await tx.execute(sql`
      select count(*)::int as n from waitlist_entries where patient_id = ${entry.patientId} and ended_at is null and to_at > now()`)) as unknown as { rows: { n: number }[] };
    if (Number(counted.rows[0]?.n ?? 0) >= max) return null;
    const [row] = await tx.insert(waitlistEntries).values(entry).returning();
    return row!;
  }

  /** The patient's open entries, oldest first, with their live offers. */
  async listOpen(patientId: string): Promise<WaitlistEntryView[]> {
    const result = (await this.database.db.execute(sql`${ENTRY_VIEW} and e.patient_id = ${patientId} order by e.created_at, e.id`)) as unknown as { rows: RawEntry[] };
    return result.rows.map(fromRaw);
  }

  async findOpen(id: string, patientId: string): Promise<WaitlistEntryView | null> {
    const result = (await this.database.db.execute(sql`${ENTRY_VIEW} and e.id = ${id} and e.patient_id = ${patientId}`)) as unknown as { rows: RawEntry[] };
    return result.rows[0] ? fromRaw(result.rows[0]) : null;
  }

  /** The doctor's open entries without a live offer, oldest first: who is offered a freed slot, in order. */
  async waitingFor(doctorId: string): Promise<WaitlistEntryView[]> {
    const result = (await this.database.db.execute(sql`${ENTRY_VIEW} and e.doctor_id = ${doctorId} and h.id is null order by e.created_at, e.id limit 200`)) as unknown as { rows: RawEntry[] };
    return result.rows.map(fromRaw);
  }

  /** Starts already offered to `entryId` (each entry gets each slot at most once). */
  async offeredStarts(entryId: string): Promise<Set<number>> {
    const result = (await this.database.db.execute(sql`select start_at from appointment_holds where waitlist_entry_id = ${entryId}`)) as unknown as { rows: { start_at: Date | string }[] };
    return new Set(result.rows.map((r) => at(r.start_at).getTime()));
  }

  /** Whether the patient has a confirmed appointment overlapping `range` (they are skipped). */
  async patientBusy(patientId: string, range: InstantRange): Promise<boolean> {
    const result = (await this.database.db.execute(sql`
      select 1 from appointments where patient_id = ${patientId} and status = 'confirmed'
        and period && tstzrange(${range.start.toISOString()}::timestamptz, ${range.end.toISOString()}::timestamptz, '[)') limit 1`)) as unknown as { rows: unknown[] };
    return result.rows.length > 0;
  }

  /** Ends the patient's entry and its live offer (`declined` when withdrawing); answers the offer's slot, or null for no entry. */
  async end(id: string, patientId: string): Promise<{ ended: boolean; offer: EndedOffer | null }> {
    return this.database.db.transaction(async (transaction) => {
      const tx = transaction as unknown as Executor;
      const ended = await tx.execute(sql`update waitlist_entries set ended_at = now() where id = ${id} and patient_id = ${patientId} and ended_at is null returning id`);
      if ((ended as unknown as { rows: unknown[] }).rows.length === 0) return { ended: false, offer: null };
      return { ended: true, offer: await endLiveOffer(tx, id, 'declined') };
    });
  }

  /** Ends the entry's live offer as declined; answers its slot, or null when it had none. */
  async decline(entryId: string): Promise<EndedOffer | null> {
    return endLiveOffer(this.database.db, entryId, 'declined');
  }

  /** Inside the booking transaction: the entry whose offer was booked is done. */
  async fulfil(tx: Executor, entryId: string): Promise<void> {
    await tx.execute(sql`update waitlist_entries set ended_at = now() where id = ${entryId} and ended_at is null`);
  }

  /** Deletes up to `limit` entries that ended (or whose `to` passed) more than a day ago, with their offers. */
  async purgeEnded(limit: number): Promise<number> {
    const result = (await this.database.db.execute(sql`
      delete from waitlist_entries where id in (
        select id from waitlist_entries where least(ended_at, to_at) < now() - interval '1 day'
        limit ${limit} for update skip locked)
      returning id`)) as unknown as { rows: unknown[] };
    return result.rows.length;
  }

  /**
   * Marks up to `limit` offers that ran out as `expired`, each exactly once across instances
   * (SKIP LOCKED), and answers their slots to pass on.
   */
  async claimExpiredOffers(limit: number): Promise<EndedOffer[]> {
    const result = (await this.database.db.execute(sql`
      update appointment_holds set ended = 'expired'
      where id in (
        select id from appointment_holds
        where waitlist_entry_id is not null and ended is null and expires_at <= now()
        order by expires_at limit ${limit} for update skip locked)
      returning doctor_id, start_at, busy_until`)) as unknown as { rows: { doctor_id: string; start_at: Date | string; busy_until: Date | string }[] };
    return result.rows.map((r) => ({ doctorId: r.doctor_id, range: { start: at(r.start_at), end: at(r.busy_until) } }));
  }
}

async function endLiveOffer(db: Executor, entryId: string, why: 'declined'): Promise<EndedOffer | null> {
  const result = (await db.execute(sql`
    update appointment_holds set ended = ${why}, expires_at = greatest(created_at, least(expires_at, now()))
    where waitlist_entry_id = ${entryId} and ended is null and expires_at > now()
    returning doctor_id, start_at, busy_until`)) as unknown as { rows: { doctor_id: string; start_at: Date | string; busy_until: Date | string }[] };
  const row = result.rows[0];
  return row ? { doctorId: row.doctor_id, range: { start: at(row.start_at), end: at(row.busy_until) } } : null;
}
