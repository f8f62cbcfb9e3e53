import { Inject, Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { doctors, users } from '../../db/schema/index.js';
import type { Executor } from '../../db/transactions.js';

export interface DoctorRef {
  id: string;
  userId: string;
  verified: boolean;
  timezone: string;
  fullName: string;
}

const columns = {
  id: doctors.id,
  userId: doctors.userId,
  verificationStatus: doctors.verificationStatus,
  timezone: doctors.timezone,
  fullName: users.fullName,
};

/** The few facts about a doctor that scheduling needs; the doctors module owns the profile. */
@Injectable()
export class DoctorLookupRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async byId(id: string): Promise<DoctorRef | null> {
    const [row] = await this.database.db.select(columns).from(doctors).innerJoin(users, eq(users.id, doctors.userId)).where(eq(doctors.id, id)).limit(1);
    return row ? toRef(row) : null;
  }

  async byUserId(userId: string): Promise<DoctorRef | null> {
    const [row] = await this.database.db.select(columns).from(doctors).innerJoin(users, eq(users.id, doctors.userId)).where(eq(doctors.userId, userId)).limit(1);
    return row ? toRef(row) : null;
  }

  /** Stores the directory's next free slot; true when the stored value changed. */
  async setNextAvailableAt(doctorId: string, at: Date | null): Promise<boolean> {
    const rows = await this.database.db
      .update(doctors)
      .set({ nextAvailableAt: at })
      .where(and(eq(doctors.id, doctorId), sql`${doctors.nextAvailableAt} is distinct from ${at ? at.toISOString() : null}::timestamptz`))
      .returning({ id: doctors.id });
    return rows.length > 0;
  }

  /** Doctors whose stored next opening has passed: the clock moved, not their schedule. */
  async withPassedNextAvailable(before: Date, limit: number): Promise<string[]> {
    const rows = await this.database.db
      .select({ id: doctors.id })
      .from(doctors)
      .where(sql`${doctors.nextAvailableAt} < ${before.toISOString()}::timestamptz`)
      .limit(limit);
    return rows.map((r) => r.id);
  }

  async setTimezone(tx: Executor, doctorId: string, timezone: string): Promise<void> {
    await tx.update(doctors).set({ timezone, updatedAt: sql`now()` }).where(eq(doctors.id, doctorId));
  }
}

function toRef(row: { id: string; userId: string; verificationStatus: string; timezone: string; fullName: string }): DoctorRef {
  return { id: row.id, userId: row.userId, verified: row.verificationStatus === 'verified', timezone: row.timezone, fullName: row.fullName };
}
