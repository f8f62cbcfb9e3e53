import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { availability, type WeeklyRuleJson } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';

export interface AvailabilitySettings {
  weekly: WeeklyRuleJson[];
  slotIntervalMinutes: number | null;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  cancellationNoticeHours: number;
}

export interface AvailabilityView extends AvailabilitySettings {
  timezone: string;
}

/** A doctor who never set availability works no hours, with the contract's default settings. */
export const DEFAULT_SETTINGS: AvailabilitySettings = {
  weekly: [],
  slotIntervalMinutes: null,
  minNoticeMinutes: 60,
  maxAdvanceDays: 90,
  cancellationNoticeHours: 24,
};

@Injectable()
export class AvailabilityRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async find(doctorId: string): Promise<AvailabilitySettings> {
    const [row] = await this.database.db.select().from(availability).where(eq(availability.doctorId, doctorId)).limit(1);
    if (!row) return DEFAULT_SETTINGS;
    return {
      weekly: row.weekly,
      slotIntervalMinutes: row.slotIntervalMinutes,
      minNoticeMinutes: row.minNoticeMinutes,
      maxAdvanceDays: row.maxAdvanceDays,
      cancellationNoticeHours: row.cancellationNoticeHours,
    };
  }

  async upsert(tx: Executor, doctorId: string, settings: AvailabilitySettings): Promise<void> {
    await tx
      .insert(availability)
      .values({ doctorId, ...settings })
      .onConflictDoUpdate({ target: availability.doctorId, set: { ...settings, updatedAt: sql`now()` } });
  }
}
