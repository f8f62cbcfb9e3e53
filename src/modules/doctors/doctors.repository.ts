import { Inject, Injectable } from '@nestjs/common';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { doctorLocations, doctorQualifications, doctors, doctorSpecialties, specialties } from '../../db/schema/index.js';
import type { DoctorRecord } from './doctor.record.js';
import { normaliseRow, profileColumns, rowsOf } from './doctor-sql.js';

/** Fields of a profile change, already validated; lists replace the stored lists. */
export interface ProfileChange {
  bio?: string;
  specialties?: string[];
  qualifications?: { degree: string; institution: string; year: number }[];
  licenseNumber?: string | null;
  yearsOfExperience?: number | null;
  languages?: string[];
  consultationFee?: { amount: number; currency: string } | null;
  consultationModes?: string[];
  locations?: { name: string; address: string; city: string; country: string }[];
  timezone?: string;
}

export interface Verification {
  status: 'verified' | 'rejected';
  note: string | null;
  adminId: string;
}

/** One full profile (exported so the benchmark's bare handler runs exactly this SQL). */
export function profileQuery(where: SQL): SQL {
  return sql`select ${profileColumns} from doctors d join users u on u.id = d.user_id where ${where} limit 1`;
}

export function profileByIdQuery(id: string): SQL {
  return profileQuery(sql`d.id = ${id}`);
}

@Injectable()
export class DoctorsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async findById(id: string): Promise<DoctorRecord | null> {
    return this.findOne(sql`d.id = ${id}`);
  }

  async findByUserId(userId: string): Promise<DoctorRecord | null> {
    return this.findOne(sql`d.user_id = ${userId}`);
  }

  /** Admin queue: oldest first, keyset on (created_at, id). */
  async listByStatus(status: DoctorRecord['verificationStatus'], limit: number, after: { createdAt: string; id: string } | null): Promise<(DoctorRecord & { createdAt: string })[]> {
    const keyset = after ? sql`and (d.created_at, d.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``;
    const rows = await rowsOf<DoctorRecord & { createdAt: string }>(
      this.database.db,
      sql`select ${profileColumns}, to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdAt"
            from doctors d join users u on u.id = d.user_id
           where d.verification_status = ${status}::verification_status ${keyset}
           order by d.created_at, d.id limit ${limit}`,
    );
    return rows.map((row) => normaliseRow(row));
  }

  /** The specialty codes of the catalogue, to name unknown ones in a 400. */
  async specialtyCodes(): Promise<string[]> {
    const rows = await this.database.db.select({ code: specialties.code }).from(specialties);
    return rows.map((r) => r.code);
  }

  /**
   * Applies a profile change in one transaction (the search triggers run inside it).
   * A new licence number sends a verified or rejected doctor back to pending: the decision
   * was about the old one. Returns false when the doctor does not exist.
   */
  async update(doctorId: string, change: ProfileChange): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      const set: Record<string, unknown> = { updatedAt: sql`now()` };
      if (change.bio !== undefined) set.bio = change.bio;
      if (change.yearsOfExperience !== undefined) set.yearsOfExperience = change.yearsOfExperience;
      if (change.languages !== undefined) set.languages = change.languages;
      if (change.consultationModes !== undefined) set.consultationModes = change.consultationModes;
      if (change.timezone !== undefined) set.timezone = change.timezone;
      if (change.consultationFee !== undefined) {
        set.feeAmount = change.consultationFee?.amount ?? null;
        set.feeCurrency = change.consultationFee?.currency ?? null;
      }
      if (change.licenseNumber !== undefined) {
        const licence = change.licenseNumber;
        set.licenseNumber = licence;
        const changed = sql`${doctors.licenseNumber} is distinct from ${licence}`;
        set.verificationStatus = sql`case when ${changed} then 'pending'::verification_status else ${doctors.verificationStatus} end`;
        set.verifiedAt = sql`case when ${changed} then null else ${doctors.verifiedAt} end`;
        set.verifiedBy = sql`case when ${changed} then null else ${doctors.verifiedBy} end`;
      }
      const updated = await tx.update(doctors).set(set).where(eq(doctors.id, doctorId)).returning({ id: doctors.id });
      if (updated.length === 0) return false;

      if (change.specialties !== undefined) {
        await tx.delete(doctorSpecialties).where(eq(doctorSpecialties.doctorId, doctorId));
        if (change.specialties.length > 0) {
          await tx.insert(doctorSpecialties).values(change.specialties.map((code, position) => ({ doctorId, specialtyCode: code, position })));
        }
      }
      if (change.qualifications !== undefined) {
        await tx.delete(doctorQualifications).where(eq(doctorQualifications.doctorId, doctorId));
        if (change.qualifications.length > 0) {
          await tx.insert(doctorQualifications).values(change.qualifications.map((q, position) => ({ doctorId, position, ...q })));
        }
      }
      if (change.locations !== undefined) {
        await tx.delete(doctorLocations).where(eq(doctorLocations.doctorId, doctorId));
        if (change.locations.length > 0) {
          await tx.insert(doctorLocations).values(change.locations.map((l, position) => ({ doctorId, position, ...l })));
        }
      }
      return true;
    });
  }

  /**
   * Records an admin's decision, then `alsoInTransaction` (the audit row) in the same
   * transaction; false when the doctor does not exist.
   */
  setVerification(doctorId: string, decision: Verification, alsoInTransaction?: (tx: Db) => Promise<void>): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      const updated = await tx
        .update(doctors)
        .set({
          verificationStatus: decision.status,
          verificationNote: decision.note,
          verifiedBy: decision.adminId,
          verifiedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(doctors.id, doctorId)))
        .returning({ id: doctors.id });
      if (updated.length > 0) await alsoInTransaction?.(tx);
      return updated.length > 0;
    });
  }

  private async findOne(where: SQL): Promise<DoctorRecord | null> {
    const [row] = await rowsOf<DoctorRecord>(this.database.db, profileQuery(where));
    return row ? normaliseRow(row) : null;
  }
}
