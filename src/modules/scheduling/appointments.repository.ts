import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { DATABASE, type Database } from '../../db/database.js';
import { appointments, appointmentTypes, doctors, users } from '../../db/schema/index.js';
import type { AppointmentStatus } from './appointment-lifecycle.js';
import type { InstantRange } from './slots/index.js';
import type { Executor } from './transactions.js';

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
  mode: 'in_person' | 'video';
  status: AppointmentStatus;
  reason: string | null;
  cancelledBy: string | null;
  cancellationReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AppointmentContacts {
  status: AppointmentStatus;
  startAt: Date;
  doctorTimezone: string;
  doctorName: string;
  doctorEmail: string;
  patientName: string;
  patientEmail: string;
}

export interface NewAppointment {
  doctorId: string;
  patientId: string;
  appointmentTypeId: string;
  startAt: Date;
  endAt: Date;
  busyUntil: Date;
  mode: 'in_person' | 'video';
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
   * whose predicate (status = 'confirmed') this query repeats.
   */
  async busyRanges(doctorId: string, from: Date, to: Date): Promise<InstantRange[]> {
    const conditions: SQL[] = [
      eq(appointments.doctorId, doctorId),
      sql`${appointments.status} = 'confirmed'`,
      sql`${appointments.doctorPeriod} && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`,
    ];
    return this.database.db
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

  /** Inserts a confirmed appointment; an overlap violates an exclusion constraint (23P01). */
  async insert(tx: Executor, values: NewAppointment): Promise<string> {
    const [row] = await tx.insert(appointments).values(values).returning({ id: appointments.id });
    return row!.id;
  }

  async findView(id: string, executor: Executor = this.database.db): Promise<AppointmentView | null> {
    const [row] = await this.viewQuery(executor).where(eq(appointments.id, id)).limit(1);
    return row ?? null;
  }

  list(filter: AppointmentFilter): Promise<AppointmentView[]> {
    const conditions: (SQL | undefined)[] = [
      filter.patientId ? eq(appointments.patientId, filter.patientId) : undefined,
      filter.doctorId ? eq(appointments.doctorId, filter.doctorId) : undefined,
      filter.status ? eq(appointments.status, filter.status) : undefined,
      filter.from ? gte(appointments.startAt, filter.from) : undefined,
      filter.to ? lt(appointments.startAt, filter.to) : undefined,
      filter.after
        ? or(gt(appointments.startAt, filter.after.startAt), and(eq(appointments.startAt, filter.after.startAt), gt(appointments.id, filter.after.id)))
        : undefined,
    ];
    return this.viewQuery(this.database.db)
      .where(and(...conditions))
      .orderBy(asc(appointments.startAt), asc(appointments.id))
      .limit(filter.limit);
  }

  /** Moves a confirmed appointment; false when it is no longer confirmed. May raise 23P01. */
  async moveTo(tx: Executor, id: string, times: { startAt: Date; endAt: Date; busyUntil: Date }): Promise<boolean> {
    const rows = await tx
      .update(appointments)
      .set({ ...times, updatedAt: sql`now()` })
      .where(and(eq(appointments.id, id), sql`${appointments.status} = 'confirmed'`))
      .returning({ id: appointments.id });
    return rows.length > 0;
  }

  /** Leaves `confirmed` for `next`; false when another request moved it first. */
  async leaveConfirmed(
    tx: Executor,
    id: string,
    next: Exclude<AppointmentStatus, 'confirmed'>,
    cancellation?: { by: 'patient' | 'doctor' | 'admin'; reason: string | null },
  ): Promise<boolean> {
    const rows = await tx
      .update(appointments)
      .set({
        status: next,
        ...(cancellation ? { cancelledBy: cancellation.by, cancellationReason: cancellation.reason } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(appointments.id, id), sql`${appointments.status} = 'confirmed'`))
      .returning({ id: appointments.id });
    return rows.length > 0;
  }

  /** Who to tell about an appointment, for notifications (never the visit reason). */
  async findContacts(id: string): Promise<AppointmentContacts | null> {
    const [row] = await this.database.db
      .select({
        status: appointments.status,
        startAt: appointments.startAt,
        doctorTimezone: doctors.timezone,
        doctorName: doctorUser.fullName,
        doctorEmail: doctorUser.email,
        patientName: patientUser.fullName,
        patientEmail: patientUser.email,
      })
      .from(appointments)
      .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
      .innerJoin(doctorUser, eq(doctorUser.id, doctors.userId))
      .innerJoin(patientUser, eq(patientUser.id, appointments.patientId))
      .where(eq(appointments.id, id))
      .limit(1);
    return row ?? null;
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
