import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { appointmentTypes } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';

export type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;
export type AppointmentTypeValues = Pick<AppointmentTypeRow, 'name' | 'durationMinutes' | 'bufferMinutes' | 'mode' | 'priceAmount' | 'priceCurrency' | 'audience' | 'intakeQuestions' | 'reminderOffsetsMinutes'>;

@Injectable()
export class AppointmentTypesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async create(doctorId: string, values: AppointmentTypeValues): Promise<AppointmentTypeRow> {
    const [row] = await this.database.db.insert(appointmentTypes).values({ doctorId, ...values }).returning();
    return row!;
  }

  async update(doctorId: string, id: string, patch: Partial<AppointmentTypeValues & { active: boolean }>): Promise<AppointmentTypeRow | null> {
    const [row] = await this.database.db
      .update(appointmentTypes)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(appointmentTypes.id, id), eq(appointmentTypes.doctorId, doctorId)))
      .returning();
    return row ?? null;
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

  list(doctorId: string, activeOnly: boolean): Promise<AppointmentTypeRow[]> {
    const where = activeOnly ? and(eq(appointmentTypes.doctorId, doctorId), eq(appointmentTypes.active, true)) : eq(appointmentTypes.doctorId, doctorId);
    return this.database.db.select().from(appointmentTypes).where(where).orderBy(asc(appointmentTypes.createdAt), asc(appointmentTypes.id));
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
