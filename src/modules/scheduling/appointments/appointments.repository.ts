import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { seal, unseal, type Sealed } from '../../../common/crypto/encrypted-column.js';
import { afterPosition } from '../../../common/pagination/keyset.js';
import { DATABASE, type Database } from '../../../db/database.js';
import { equalsWhenGiven, withinWhenGiven } from '../../../db/filters.js';
import { appointments, appointmentTypes, doctors, outbox, users } from '../../../db/schema/index.js';
import type { Role } from '../../../common/auth/policy.js';
import type { AppointmentStatus, ConsultationMode } from '../../../common/validation/enums.js';
import type { OutboxMessage } from '../notifications/outbox.repository.js';
import type { InstantRange } from '../slots/engine/index.js';
import type { Executor } from '../../../db/transactions.js';

export type AppointmentRow = typeof appointments.$inferSelect;

/** An appointment with what its DTO shows: both names and the type. */
export interface AppointmentView {
  id: string;
  doctorId: string;
  doctorUserId: string;
  patientId: string;
  doctorName: string;
  patientName: string;
  appointmentTypeId: string;
  typeName: string;
  typeDurationMinutes: number;
  startAt: Date;
  endAt: Date;
  busyUntil: Date;
  mode: ConsultationMode;
  status: AppointmentStatus;
  reason: string | null;
  cancelledBy: string | null;
  cancellationReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewAppointment {
  doctorId: string;
  patientId: string;
  appointmentTypeId: string;
  startAt: Date;
  endAt: Date;
  busyUntil: Date;
  mode: ConsultationMode;
  reason: string | null;
}

export interface AppointmentFilter {
  patientId?: string;
  doctorId?: string;
  status?: AppointmentStatus;
  from?: Date;
  to?: Date;
  after?: { startAt: Date; id: string };
  limit: number;
}

interface RawView {
  id: string;
  doctor_id: string;
  doctor_user_id: string;
  patient_id: string;
  doctor_name: string;
  patient_name: string;
  appointment_type_id: string;
  type_name: string;
  type_duration_minutes: number;
  start_at: Date | string;
  end_at: Date | string;
  busy_until: Date | string;
  mode: AppointmentView['mode'];
  status: AppointmentStatus;
  reason: string | null;
  cancelled_by: string | null;
  cancellation_reason: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function fromRaw(r: RawView): AppointmentView {
  return {
    id: r.id,
    doctorId: r.doctor_id,
    doctorUserId: r.doctor_user_id,
    patientId: r.patient_id,
    doctorName: r.doctor_name,
    patientName: r.patient_name,
    appointmentTypeId: r.appointment_type_id,
    typeName: r.type_name,
    typeDurationMinutes: Number(r.type_duration_minutes),
    startAt: new Date(r.start_at),
    endAt: new Date(r.end_at),
    busyUntil: new Date(r.busy_until),
    mode: r.mode,
    status: r.status,
    reason: unseal('appointments', 'reason', r.id, r.reason),
    cancelledBy: r.cancelled_by,
    cancellationReason: unseal('appointments', 'cancellation_reason', r.id, r.cancellation_reason),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** Decrypts the reasons of a view read through Drizzle (each is bound to the appointment's id). */
function openView(row: Omit<AppointmentView, 'reason' | 'cancellationReason'> & { reason: Sealed | null; cancellationReason: Sealed | null }): AppointmentView {
  return { ...row, reason: unseal('appointments', 'reason', row.id, row.reason), cancellationReason: unseal('appointments', 'cancellation_reason', row.id, row.cancellationReason) };
}

const doctorUser = alias(users, 'doctor_user');
const patientUser = alias(users, 'patient_user');

const viewColumns = {
  id: appointments.id,
  doctorId: appointments.doctorId,
  doctorUserId: doctors.userId,
  patientId: appointments.patientId,
  doctorName: doctorUser.fullName,
  patientName: patientUser.fullName,
  appointmentTypeId: appointments.appointmentTypeId,
  typeName: appointmentTypes.name,
  typeDurationMinutes: appointmentTypes.durationMinutes,
  startAt: appointments.startAt,
  endAt: appointments.endAt,
  busyUntil: appointments.busyUntil,
  mode: appointments.mode,
  status: appointments.status,
  reason: appointments.reason,
  cancelledBy: appointments.cancelledBy,
  cancellationReason: appointments.cancellationReason,
  createdAt: appointments.createdAt,
  updatedAt: appointments.updatedAt,
};

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
   * Books in ONE statement: the appointment, its outbox rows, and the view of the new row
   * (data-modifying CTEs are atomic, so no explicit transaction is needed for this part). An
   * overlap violates an exclusion constraint (23P01) and nothing is written.
   */
  async insertBooked(executor: Executor, values: NewAppointment & { id: string }, messages: OutboxMessage[]): Promise<AppointmentView> {
    const outboxRows = messages.map(
      (m) => sql`(${m.kind}, ${JSON.stringify(m.payload)}::jsonb, ${(m.availableAt ?? null)?.toISOString() ?? null}::timestamptz)`,
    );
    const outboxInsert =
      outboxRows.length > 0
        ? sql`, o as (insert into ${outbox} (kind, payload, available_at) select kind, payload, coalesce(at, now()) from (values ${sql.join(outboxRows, sql`, `)}) as m(kind, payload, at))`
        : sql``;
    const result = (await executor.execute(sql`
      with a as (
        insert into ${appointments} (id, doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, mode, reason)
        values (${values.id}, ${values.doctorId}, ${values.patientId}, ${values.appointmentTypeId}, ${values.startAt.toISOString()}::timestamptz,
                ${values.endAt.toISOString()}::timestamptz, ${values.busyUntil.toISOString()}::timestamptz, ${values.mode}, ${sql.param(seal('appointments', 'reason', values.id, values.reason), appointments.reason)})
        returning *
      )${outboxInsert}
      select a.id, a.doctor_id, d.user_id as doctor_user_id, a.patient_id, du.full_name as doctor_name, pu.full_name as patient_name,
             a.appointment_type_id, t.name as type_name, t.duration_minutes as type_duration_minutes, a.start_at, a.end_at, a.busy_until,
             a.mode, a.status, a.reason, a.cancelled_by, a.cancellation_reason, a.created_at, a.updated_at
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
    const conditions: (SQL | undefined)[] = [
      equalsWhenGiven(appointments.patientId, filter.patientId),
      equalsWhenGiven(appointments.doctorId, filter.doctorId),
      equalsWhenGiven(appointments.status, filter.status),
      ...withinWhenGiven(appointments.startAt, filter),
      filter.after ? afterPosition('asc', { key: appointments.startAt, id: appointments.id }, { key: filter.after.startAt, id: filter.after.id }) : undefined,
    ];
    const rows = await this.viewQuery(this.database.db)
      .where(and(...conditions))
      .orderBy(asc(appointments.startAt), asc(appointments.id))
      .limit(filter.limit);
    return rows.map(openView);
  }

  /** Moves a confirmed appointment; false when it is no longer confirmed. May raise 23P01. */
  async moveTo(tx: Executor, id: string, times: { startAt: Date; endAt: Date; busyUntil: Date }): Promise<boolean> {
    const rows = await tx
      .update(appointments)
      .set({ ...times, sequence: sql`${appointments.sequence} + 1`, updatedAt: sql`now()` })
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
