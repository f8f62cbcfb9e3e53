import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { appointmentTypes } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';
import { MAX_ACTIVE_APPOINTMENT_TYPES, MAX_LISTED_INACTIVE_APPOINTMENT_TYPES } from './dto/appointment-type.inputs.js';

export type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;
export type AppointmentTypeValues = Pick<AppointmentTypeRow, 'name' | 'durationMinutes' | 'bufferMinutes' | 'mode' | 'priceAmount' | 'priceCurrency' | 'audience' | 'intakeQuestions' | 'reminderOffsetsMinutes'>;

@Injectable()
export class AppointmentTypesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * Inserts unless the doctor already has MAX_ACTIVE_APPOINTMENT_TYPES active types; null when
   * full. Locking the doctor's active types first makes two concurrent creates count one after
   * the other.
   */
  create(doctorId: string, values: AppointmentTypeValues): Promise<AppointmentTypeRow | null> {
    return this.database.db.transaction(async (tx) => {
      await tx.select({ id: appointmentTypes.id }).from(appointmentTypes).where(this.activeOf(doctorId)).for('update');
      if ((await tx.$count(appointmentTypes, this.activeOf(doctorId))) >= MAX_ACTIVE_APPOINTMENT_TYPES) return null;
      const [row] = await tx.insert(appointmentTypes).values({ doctorId, ...values }).returning();
      return row!;
    });
  }

  /** Null when there is no such type, or when the patch reactivates one while the doctor has MAX_ACTIVE_APPOINTMENT_TYPES active. */
  async update(doctorId: string, id: string, patch: Partial<AppointmentTypeValues & { active: boolean }>): Promise<AppointmentTypeRow | null> {
    const room = sql`(select count(*) from appointment_types where doctor_id = ${doctorId} and active) < ${MAX_ACTIVE_APPOINTMENT_TYPES}`;
    const [row] = await this.database.db
      .update(appointmentTypes)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(appointmentTypes.id, id), eq(appointmentTypes.doctorId, doctorId), patch.active === true ? or(eq(appointmentTypes.active, true), room) : undefined))
      .returning();
    return row ?? null;
  }

  private activeOf(doctorId: string) {
    return and(eq(appointmentTypes.doctorId, doctorId), eq(appointmentTypes.active, true));
  }

  async findOfDoctor(doctorId: string, id: string): Promise<AppointmentTypeRow | null> {
    const [row] = await this.database.db
      .select()
      .from(appointmentTypes)
      .where(and(eq(appointmentTypes.id, id), eq(appointmentTypes.doctorId, doctorId)))
      .limit(1);
    return row ?? null;
  }

  async findById(id: string, executor: Executor = this.database.db): Promise<AppointmentTypeRow | null> {
    const [row] = await executor.select().from(appointmentTypes).where(eq(appointmentTypes.id, id)).limit(1);
    return row ?? null;
  }

  /** The doctor's active types (at most MAX_ACTIVE_APPOINTMENT_TYPES), oldest first. */
  listActive(doctorId: string): Promise<AppointmentTypeRow[]> {
    return this.database.db
      .select()
      .from(appointmentTypes)
      .where(this.activeOf(doctorId))
      .orderBy(asc(appointmentTypes.createdAt), asc(appointmentTypes.id))
      .limit(MAX_ACTIVE_APPOINTMENT_TYPES);
  }

  /** The MAX_LISTED_INACTIVE_APPOINTMENT_TYPES most recently changed inactive types. */
  listRecentInactive(doctorId: string): Promise<AppointmentTypeRow[]> {
    return this.database.db
      .select()
      .from(appointmentTypes)
      .where(and(eq(appointmentTypes.doctorId, doctorId), eq(appointmentTypes.active, false)))
      .orderBy(desc(appointmentTypes.updatedAt), desc(appointmentTypes.id))
      .limit(MAX_LISTED_INACTIVE_APPOINTMENT_TYPES);
  }

  /** The active type with the shortest visit (then buffer): what `nextAvailableAt` is computed for. */
  async shortestActive(doctorId: string): Promise<AppointmentTypeRow | null> {
    const [row] = await this.database.db
      .select()
      .from(appointmentTypes)
      .where(and(eq(appointmentTypes.doctorId, doctorId), eq(appointmentTypes.active, true)))
      .orderBy(asc(appointmentTypes.durationMinutes), asc(appointmentTypes.bufferMinutes))
      .limit(1);
    return row ?? null;
  }
}
