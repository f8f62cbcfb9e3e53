import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gt, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { unseal } from '../../../common/crypto/encrypted-column.js';
import { DATABASE, type Database } from '../../../db/database.js';
import { appointments, doctors, users } from '../../../db/schema/index.js';
import type { AppointmentStatus, ConsultationMode } from '../../../common/validation/enums.js';

const doctorUser = alias(users, 'doctor_user');
const patientUser = alias(users, 'patient_user');

/** Who to tell about an appointment and what a message may say of it: names and times, never the visit reason. */
export interface AppointmentContacts {
  id: string;
  status: AppointmentStatus;
  startAt: Date;
  endAt: Date;
  /** iCalendar SEQUENCE: rises with each move or cancellation. */
  sequence: number;
  mode: ConsultationMode;
  doctorTimezone: string;
  doctorUserId: string;
  doctorName: string;
  doctorEmail: string;
  doctorLocale: 'en' | 'es';
  patientId: string;
  patientName: string;
  patientEmail: string;
  patientLocale: 'en' | 'es';
  /** A video visit's meeting link, a secret for the two participants' mails; never in a feed. */
  videoUrl?: string | null;
}

const columns = {
  id: appointments.id,
  status: appointments.status,
  startAt: appointments.startAt,
  endAt: appointments.endAt,
  sequence: appointments.sequence,
  mode: appointments.mode,
  doctorTimezone: doctors.timezone,
  doctorUserId: doctorUser.id,
  doctorName: doctorUser.fullName,
  doctorEmail: doctorUser.email,
  doctorLocale: doctorUser.locale,
  patientId: patientUser.id,
  patientName: patientUser.fullName,
  patientEmail: patientUser.email,
  patientLocale: patientUser.locale,
  videoUrl: appointments.videoUrl,
};

/** Reads appointments for notifications and calendar feeds; writes nothing. */
@Injectable()
export class NotificationContactsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async find(appointmentId: string): Promise<AppointmentContacts | null> {
    const [row] = await this.query().where(eq(appointments.id, appointmentId)).limit(1);
    return row ? { ...row, videoUrl: unseal('appointments', 'video_url', row.id, row.videoUrl) } : null;
  }

  /** A user's confirmed appointments (as patient or as doctor) that end after `after`, soonest first. */
  async upcomingOf(userId: string, after: Date, limit: number): Promise<AppointmentContacts[]> {
    const rows = await this.query()
      .where(and(eq(appointments.status, 'confirmed'), gt(appointments.endAt, after), or(eq(appointments.patientId, userId), eq(doctorUser.id, userId))))
      .orderBy(asc(appointments.startAt), asc(appointments.id))
      .limit(limit);
    return rows.map((row) => ({ ...row, videoUrl: null }));
  }

  private query() {
    return this.database.db
      .select(columns)
      .from(appointments)
      .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
      .innerJoin(doctorUser, eq(doctorUser.id, doctors.userId))
      .innerJoin(patientUser, eq(patientUser.id, appointments.patientId))
      .$dynamic();
  }
}
