import { Inject, Injectable } from '@nestjs/common';
import { eq, inArray } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { appointments, appointmentTypes, doctors, timeOff, webhookSubscriptions } from '../../db/schema/index.js';
import type { Owners, Resource } from './permission.js';

/**
 * Every "is this yours?" query: who owns each of a set of resources. Only existing resources
 * come back, so an unknown id and someone else's id look the same to the caller (404).
 */
@Injectable()
export class AccessRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async owners(resource: Resource, ids: readonly string[]): Promise<Owners[]> {
    if (ids.length === 0) return [];
    const db = this.database.db;
    const list = [...ids];
    switch (resource) {
      case 'appointment':
        return db
          .select({ id: appointments.id, patientUserId: appointments.patientId, doctorUserId: doctors.userId })
          .from(appointments)
          .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
          .where(inArray(appointments.id, list));
      case 'doctor':
        return (await db.select({ id: doctors.id, doctorUserId: doctors.userId }).from(doctors).where(inArray(doctors.id, list))).map(withoutPatient);
      case 'appointment_type':
        return (
          await db
            .select({ id: appointmentTypes.id, doctorUserId: doctors.userId })
            .from(appointmentTypes)
            .innerJoin(doctors, eq(doctors.id, appointmentTypes.doctorId))
            .where(inArray(appointmentTypes.id, list))
        ).map(withoutPatient);
      case 'time_off':
        return (
          await db.select({ id: timeOff.id, doctorUserId: doctors.userId }).from(timeOff).innerJoin(doctors, eq(doctors.id, timeOff.doctorId)).where(inArray(timeOff.id, list))
        ).map(withoutPatient);
      case 'webhook':
        return (
          await db.select({ id: webhookSubscriptions.id, doctorUserId: webhookSubscriptions.ownerUserId }).from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, list))
        ).map(withoutPatient);
    }
  }

  /** The doctor profile of a user, if they have one: whose appointments a doctor's list shows. */
  async doctorIdOfUser(userId: string): Promise<string | null> {
    const [row] = await this.database.db.select({ id: doctors.id }).from(doctors).where(eq(doctors.userId, userId)).limit(1);
    return row?.id ?? null;
  }
}

function withoutPatient(row: { id: string; doctorUserId: string }): Owners {
  return { ...row, patientUserId: null };
}
