import { Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/transactions.js';
import { appointmentTypes, availability, doctors, timeOff, users } from '../../../db/schema/index.js';
import type { AppointmentTypeRow } from '../appointment-types/appointment-types.repository.js';
import { DEFAULT_SETTINGS, type AvailabilitySettings } from '../availability/availability.repository.js';
import type { DoctorRef } from '../doctor-lookup.repository.js';
import type { InstantRange } from './engine/index.js';

export interface ScheduleContext {
  doctor: DoctorRef & { nextAvailableAt: Date | null };
  settings: AvailabilitySettings;
  /** The requested type if it belongs to the doctor (active or not). */
  type: AppointmentTypeRow | null;
  /** Time off overlapping the requested range, when one was given. */
  timeOff: InstantRange[];
}

/**
 * Everything a slots request or a booking needs about the doctor in one round trip: the
 * doctor, their availability (or the defaults) and the requested appointment type.
 */
@Injectable()
export class ScheduleContextRepository {
  /** On `db`: the primary for a booking's check, the executor `ReadRouting` chose for a slot listing. */
  async load(db: Executor, doctorId: string, typeId: string, timeOffIn?: InstantRange): Promise<ScheduleContext | null> {
    const timeOffJson = timeOffIn
      ? sql<[string, string][]>`coalesce((select json_agg(json_build_array(${timeOff.startAt}, ${timeOff.endAt})) from ${timeOff}
          where ${timeOff.doctorId} = ${doctors.id} and ${timeOff.endAt} > ${timeOffIn.start.toISOString()}::timestamptz
          and ${timeOff.startAt} < ${timeOffIn.end.toISOString()}::timestamptz), '[]'::json)`
      : sql<[string, string][]>`'[]'::json`;
    const [row] = await db
      .select({
        doctor: { id: doctors.id, userId: doctors.userId, verificationStatus: doctors.verificationStatus, timezone: doctors.timezone, nextAvailableAt: doctors.nextAvailableAt },
        fullName: users.fullName,
        availability,
        type: appointmentTypes,
        timeOff: timeOffJson,
      })
      .from(doctors)
      .innerJoin(users, eq(users.id, doctors.userId))
      .leftJoin(availability, eq(availability.doctorId, doctors.id))
      .leftJoin(appointmentTypes, and(eq(appointmentTypes.id, typeId), eq(appointmentTypes.doctorId, doctors.id)))
      .where(eq(doctors.id, doctorId))
      .limit(1);
    if (!row) return null;
    const a = row.availability;
    return {
      doctor: {
        id: row.doctor.id,
        userId: row.doctor.userId,
        verificationStatus: row.doctor.verificationStatus,
        timezone: row.doctor.timezone,
        fullName: row.fullName,
        nextAvailableAt: row.doctor.nextAvailableAt,
      },
      settings: a
        ? { weekly: a.weekly, slotIntervalMinutes: a.slotIntervalMinutes, minNoticeMinutes: a.minNoticeMinutes, maxAdvanceDays: a.maxAdvanceDays, cancellationNoticeHours: a.cancellationNoticeHours }
        : DEFAULT_SETTINGS,
      type: row.type,
      timeOff: (typeof row.timeOff === 'string' ? (JSON.parse(row.timeOff) as [string, string][]) : row.timeOff).map(([start, end]) => ({ start: new Date(start), end: new Date(end) })),
    };
  }
}
