import { Inject, Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { appointmentTypes, availability, doctors, users } from '../../db/schema/index.js';
import type { AppointmentTypeRow } from './appointment-types.repository.js';
import { DEFAULT_SETTINGS, type AvailabilitySettings } from './availability.repository.js';
import type { DoctorRef } from './doctor-lookup.repository.js';

export interface ScheduleContext {
  doctor: DoctorRef & { nextAvailableAt: Date | null };
  settings: AvailabilitySettings;
  /** The requested type if it belongs to the doctor (active or not). */
  type: AppointmentTypeRow | null;
}

/**
 * Everything a slots request or a booking needs about the doctor in one round trip: the
 * doctor, their availability (or the defaults) and the requested appointment type.
 */
@Injectable()
export class ScheduleContextRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async load(doctorId: string, typeId: string): Promise<ScheduleContext | null> {
    const [row] = await this.database.db
      .select({
        doctor: { id: doctors.id, userId: doctors.userId, verificationStatus: doctors.verificationStatus, timezone: doctors.timezone, nextAvailableAt: doctors.nextAvailableAt },
        fullName: users.fullName,
        availability,
        type: appointmentTypes,
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
        verified: row.doctor.verificationStatus === 'verified',
        timezone: row.doctor.timezone,
        fullName: row.fullName,
        nextAvailableAt: row.doctor.nextAvailableAt,
      },
      settings: a
        ? { weekly: a.weekly, slotIntervalMinutes: a.slotIntervalMinutes, minNoticeMinutes: a.minNoticeMinutes, maxAdvanceDays: a.maxAdvanceDays, cancellationNoticeHours: a.cancellationNoticeHours }
        : DEFAULT_SETTINGS,
      type: row.type,
    };
  }
}
