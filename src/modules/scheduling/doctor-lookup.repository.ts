import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { doctors, users } from '../../db/schema/index.js';

export interface DoctorRef {
  id: string;
  userId: string;
  /** Whether that makes the doctor public is AccessService's / isPublicDoctor's question. */
  verificationStatus: (typeof doctors.$inferSelect)['verificationStatus'];
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

/** The few facts about a doctor that scheduling reads; the doctors module owns (and alone writes) the row. */
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

  /** Doctors whose stored next opening has passed: the clock moved, not their schedule. */
  async withPassedNextAvailable(before: Date, limit: number): Promise<string[]> {
    const rows = await this.database.db
      .select({ id: doctors.id })
      .from(doctors)
      .where(sql`${doctors.nextAvailableAt} < ${before.toISOString()}::timestamptz`)
      .limit(limit);
    return rows.map((r) => r.id);
  }
}

function toRef(row: DoctorRef): DoctorRef {
  return { id: row.id, userId: row.userId, verificationStatus: row.verificationStatus, timezone: row.timezone, fullName: row.fullName };
}
