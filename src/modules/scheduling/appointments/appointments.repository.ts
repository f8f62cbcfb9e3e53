import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { seal } from '../../../common/crypto/encrypted-column.js';
import { keyset, type KeysetPosition } from '../../../common/pagination/keyset.js';
import { DATABASE, type Database } from '../../../db/database.js';
import { equalsWhenGiven, withinWhenGiven } from '../../../db/filters.js';
import { appointments, appointmentTypes, doctors, outbox, users } from '../../../db/schema/index.js';
import type { Role } from '../../../common/auth/policy.js';
import type { AppointmentStatus, ConsultationMode } from '../../../common/validation/enums.js';
import type { OutboxMessage } from '../notifications/outbox.repository.js';
import type { InstantRange } from '../slots/engine/index.js';
import type { TakenSlot } from './slot-planner.service.js';
import type { Executor } from '../../../db/transactions.js';
import type { AuditStatement } from '../../../common/audit/audit.repository.js';
import type { IntakeAnswer } from '../appointment-types/intake.js';
import { doctorUser, fromRaw, openView, patientUser, sealAnswers, viewColumns, type AppointmentView, type RawView } from './appointment-view-sql.js';

export type AppointmentRow = typeof appointments.$inferSelect;

export type { AppointmentView } from './appointment-view-sql.js';

export interface NewAppointment extends TakenSlot {
  mode: ConsultationMode;
  reason: string | null;
  intakeAnswers?: IntakeAnswer[];
  videoUrl?: string | null;
  seriesId?: string | null;
}

export interface AppointmentFilter {
  patientId?: string;
  doctorId?: string;
  status?: AppointmentStatus;
  from?: Date;
  to?: Date;
  after?: KeysetPosition<Date> | null;
  limit: number;
}

@Injectable()
export class AppointmentsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * The doctor's confirmed appointments (with their buffers) overlapping [from, to), as the
   * slot engine wants them. One query on the GiST index of appointments_doctor_no_overlap,
   * whose predicate (status = 'confirmed') this query repeats. On `db`: the primary, or the
   * executor `ReadRouting` chose for a slot listing.
   */
  async busyRanges(db: Executor, doctorId: string, from: Date, to: Date): Promise<InstantRange[]> {
    const conditions: SQL[] = [
      eq(appointments.doctorId, doctorId),
      sql`${appointments.status} = 'confirmed'`,
      sql`${appointments.doctorPeriod} && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`,
    ];
    return db
      .select({ start: appointments.startAt, end: appointments.busyUntil })
      .from(appointments)
      .where(and(...conditions));
  }

  /** Ids of the doctor's confirmed appointments whose visit overlaps `range` (time-off conflicts). */
  async confirmedOverlapping(doctorId: string, range: InstantRange): Promise<string[]> {
    const rows = await this.database.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          eq(appointments.doctorId, doctorId),
          sql`${appointments.status} = 'confirmed'`,
          sql`${appointments.doctorPeriod} && tstzrange(${range.start.toISOString()}::timestamptz, ${range.end.toISOString()}::timestamptz, '[)')`,
        ),
      )
      .orderBy(asc(appointments.startAt));
    return rows.map((r) => r.id);
  }

  /**
   * Books in ONE statement: the appointment, its outbox rows, its audit row (`audit`, when
   * given) and the view of the new row (data-modifying CTEs are atomic, so no explicit
   * transaction is needed for this part). An
   * overlap violates an exclusion constraint (23P01) and nothing is written.
   */
  async insertBooked(executor: Executor, values: NewAppointment & { id: string }, messages: OutboxMessage[], audit?: AuditStatement): Promise<AppointmentView> {
    const outboxRows = messages.map(
      (m) => sql`(${m.kind}, ${JSON.stringify(m.payload)}::jsonb, ${(m.availableAt ?? null)?.toISOString() ?? null}::timestamptz)`,
    );
    const outboxInsert =
      outboxRows.length > 0
        ? sql`, o as (insert into ${outbox} (kind, payload, available_at) select kind, payload, coalesce(at, now()) from (values ${sql.join(outboxRows, sql`, `)}) as m(kind, payload, at))`
        : sql``;
    // The audit row in the same statement (no round trip of its own). An unreferenced
    // data-modifying CTE runs after the main query, so the chain's head lock is taken after the
    // appointment's own locks, in the order every other audited change takes them.
    const auditInsert = audit ? sql`, au as (${audit})` : sql``;
    const result = (await executor.execute(sql`
      with a as (
        insert into ${appointments} (id, doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, mode, reason, intake_answers, video_url, series_id)
        values (${values.id}, ${values.doctorId}, ${values.patientId}, ${values.appointmentTypeId}, ${values.startAt.toISOString()}::timestamptz,
                ${values.endAt.toISOString()}::timestamptz, ${values.busyUntil.toISOString()}::timestamptz, ${values.mode}, ${sql.param(seal('appointments', 'reason', values.id, values.reason), appointments.reason)},
                ${sql.param(sealAnswers(values.id, values.intakeAnswers ?? []), appointments.intakeAnswers)}, ${sql.param(seal('appointments', 'video_url', values.id, values.videoUrl ?? null), appointments.videoUrl)},
                ${values.seriesId ?? null}::uuid)
        returning *
      )${outboxInsert}${auditInsert}
      select a.id, a.doctor_id, d.user_id as doctor_user_id, a.patient_id, du.full_name as doctor_name, pu.full_name as patient_name,
             a.appointment_type_id, t.name as type_name, t.duration_minutes as type_duration_minutes, a.start_at, a.end_at, a.busy_until,
             a.mode, a.status, a.reason, a.cancelled_by, a.cancellation_reason, a.intake_answers, a.video_url, a.series_id, a.created_at, a.updated_at
      from a
      join ${doctors} d on d.id = a.doctor_id
      join ${users} du on du.id = d.user_id
      join ${users} pu on pu.id = a.patient_id
      join ${appointmentTypes} t on t.id = a.appointment_type_id`)) as unknown as { rows: RawView[] };
    return fromRaw(result.rows[0]!);
  }

  async findView(id: string, executor: Executor = this.database.db): Promise<AppointmentView | null> {
    const [row] = await this.viewQuery(executor).where(eq(appointments.id, id)).limit(1);
    return row ? openView(row) : null;
  }

  async list(filter: AppointmentFilter): Promise<AppointmentView[]> {
    const page = keyset('asc', { key: appointments.startAt, id: appointments.id }, filter.after);
    const conditions: (SQL | undefined)[] = [
      equalsWhenGiven(appointments.patientId, filter.patientId),
      equalsWhenGiven(appointments.doctorId, filter.doctorId),
      equalsWhenGiven(appointments.status, filter.status),
      ...withinWhenGiven(appointments.startAt, filter),
      page.after,
    ];
    const rows = await this.viewQuery(this.database.db)
      .where(and(...conditions))
      .orderBy(...page.orderBy)
      .limit(filter.limit);
    return rows.map(openView);
  }

  /** Moves a confirmed appointment (a video visit gets `videoUrl`, a new link); false when it is no longer confirmed. May raise 23P01. */
  async moveTo(tx: Executor, id: string, times: { startAt: Date; endAt: Date; busyUntil: Date }, videoUrl: string | null = null): Promise<boolean> {
    const rows = await tx
      .update(appointments)
      .set({ ...times, ...(videoUrl ? { videoUrl: seal('appointments', 'video_url', id, videoUrl) } : {}), sequence: sql`${appointments.sequence} + 1`, updatedAt: sql`now()` })
      .where(and(eq(appointments.id, id), sql`${appointments.status} = 'confirmed'`))
      .returning({ id: appointments.id });
    return rows.length > 0;
  }

  /** Leaves `confirmed` for `next`; false when another request moved it first. */
  async leaveConfirmed(
    tx: Executor,
    id: string,
    next: Exclude<AppointmentStatus, 'confirmed'>,
    cancellation?: { by: Role; reason: string | null },
  ): Promise<boolean> {
    const rows = await tx
      .update(appointments)
      .set({
        status: next,
        ...(cancellation
          ? { cancelledBy: cancellation.by, cancellationReason: seal('appointments', 'cancellation_reason', id, cancellation.reason), sequence: sql`${appointments.sequence} + 1` }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(appointments.id, id), sql`${appointments.status} = 'confirmed'`))
      .returning({ id: appointments.id });
    return rows.length > 0;
  }

  /** The confirmed occurrences of `seriesId` from `from` on (the one at `from` included), by start. */
  async confirmedInSeriesFrom(seriesId: string, from: Date, executor: Executor = this.database.db): Promise<AppointmentView[]> {
    const rows = await this.viewQuery(executor)
      .where(and(eq(appointments.seriesId, seriesId), sql`${appointments.status} = 'confirmed'`, sql`${appointments.startAt} >= ${from.toISOString()}::timestamptz`))
      .orderBy(asc(appointments.startAt));
    return rows.map(openView);
  }

  /**
   * Deletes up to `limit` appointments whose retention ended: `retain_until` is set only when
   * an account is deleted (pseudonymised records kept for the other party until then). A review
   * of one stays, anonymous already, without its link (the foreign key sets it null). SKIP
   * LOCKED: instances purging at once take disjoint rows. Returns the ids deleted.
   */
  async purgeRetained(tx: Executor, limit: number): Promise<string[]> {
    const rows = await tx
      .delete(appointments)
      .where(
        sql`${appointments.id} in (
          select id from ${appointments} where retain_until < now() order by retain_until limit ${limit} for update skip locked)`,
      )
      .returning({ id: appointments.id });
    return rows.map((row) => row.id);
  }

  private viewQuery(executor: Executor) {
    return executor
      .select(viewColumns)
      .from(appointments)
      .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
      .innerJoin(doctorUser, eq(doctorUser.id, doctors.userId))
      .innerJoin(patientUser, eq(patientUser.id, appointments.patientId))
      .innerJoin(appointmentTypes, eq(appointmentTypes.id, appointments.appointmentTypeId))
      .$dynamic();
  }
}
