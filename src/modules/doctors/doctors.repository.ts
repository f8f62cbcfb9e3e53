import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { doctorInsurancePlans, doctorLocations, doctorQualifications, doctors, doctorSpecialties, specialties } from '../../db/schema/index.js';
import type { VerificationDecision } from '../../common/validation/enums.js';
import { moneyColumns } from '../../common/validation/money.js';
import { sentFields } from '../../common/validation/patch.js';
import { locationFields, type DoctorRecord, type LocationChange } from './doctor.record.js';
import { rowsOf } from '../../db/rows.js';
import type { Executor } from '../../db/transactions.js';
import { normaliseRow, profileColumns } from './doctor-sql.js';

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
  locations?: LocationChange[];
  insurancePlanIds?: string[];
  timezone?: string;
}

export interface Verification {
  status: VerificationDecision;
  note: string | null;
  adminId: string;
  /** The licence number the admin reviewed; when given, the decision applies only if the profile still has it. */
  expectedLicenseNumber?: string | null;
}

export type VerificationOutcome = 'decided' | 'not_found' | 'profile_changed';

/** The fields whose change sends a decided profile back to pending (see migration 0020). */
export type IdentityField = 'fullName' | 'licenseNumber' | 'qualifications';

/** What a profile change changed that others must react to. */
export interface ProfileUpdate {
  identityChanged: IdentityField[];
  timezoneChanged: boolean;
}

type Qualification = { degree: string; institution: string; year: number };

/** The same qualifications in any order: reordering the list is no change of identity. */
function sameQualifications(a: Qualification[], b: Qualification[]): boolean {
  const key = (q: Qualification) => JSON.stringify([q.degree, q.institution, q.year]);
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

/**
 * Replaces a doctor's locations with `items`, keeping the id of each item sent with one of the
 * doctor's ids (updated in place); the others are removed, items without an id are new.
 */
async function replaceLocations(tx: Db, doctorId: string, items: LocationChange[]): Promise<void> {
  const stored = await tx.select({ id: doctorLocations.id }).from(doctorLocations).where(eq(doctorLocations.doctorId, doctorId));
  const storedIds = new Set(stored.map((r) => r.id));
  const kept = items.filter((l) => l.id !== undefined && storedIds.has(l.id)).map((l) => l.id!);
  const removed = [...storedIds].filter((id) => !kept.includes(id));
  if (removed.length > 0) await tx.delete(doctorLocations).where(and(eq(doctorLocations.doctorId, doctorId), inArray(doctorLocations.id, removed)));
  const fresh: (typeof doctorLocations.$inferInsert)[] = [];
  for (const [position, item] of items.entries()) {
    const columns = { position, ...locationFields(item) };
    if (item.id !== undefined && storedIds.has(item.id)) {
      await tx.update(doctorLocations).set(columns).where(and(eq(doctorLocations.id, item.id), eq(doctorLocations.doctorId, doctorId)));
    } else {
      fresh.push({ doctorId, ...columns });
    }
  }
  if (fresh.length > 0) await tx.insert(doctorLocations).values(fresh);
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

  /** On the primary: for decisions (an admin's verification). */
  async findById(id: string): Promise<DoctorRecord | null> {
    return this.findOne(this.database.db, sql`d.id = ${id}`);
  }

  /** The same profile for a public read, on the executor `ReadRouting` chose (a replica, usually). */
  async profileById(reader: Executor, id: string): Promise<DoctorRecord | null> {
    return this.findOne(reader, sql`d.id = ${id}`);
  }

  async findByUserId(userId: string): Promise<DoctorRecord | null> {
    return this.findOne(this.database.db, sql`d.user_id = ${userId}`);
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

  /** The ids of the doctor's locations (a profile change may name only these). */
  async locationIds(doctorId: string): Promise<Set<string>> {
    const rows = await this.database.db.select({ id: doctorLocations.id }).from(doctorLocations).where(eq(doctorLocations.doctorId, doctorId));
    return new Set(rows.map((r) => r.id));
  }

  /** The specialty codes of the catalogue, to name unknown ones in a 400. */
  async specialtyCodes(): Promise<string[]> {
    const rows = await this.database.db.select({ code: specialties.code }).from(specialties);
    return rows.map((r) => r.code);
  }

  /**
   * Applies a profile change in one transaction (the search triggers run inside it), with the
   * doctor's row locked first. A new licence number or different qualifications send a
   * verified or rejected doctor back to pending (doctor_identity_changed, migration 0020):
   * the decision was about the old ones. Returns null when the doctor does not exist.
   */
  async update(doctorId: string, change: ProfileChange): Promise<ProfileUpdate | null> {
    return this.database.db.transaction(async (tx) => {
      const [current] = await tx
        .select({ licenseNumber: doctors.licenseNumber, timezone: doctors.timezone })
        .from(doctors)
        .where(eq(doctors.id, doctorId))
        .for('update');
      if (!current) return null;
      const identityChanged: IdentityField[] = [];
      if (change.licenseNumber !== undefined && change.licenseNumber !== current.licenseNumber) identityChanged.push('licenseNumber');
      if (change.qualifications !== undefined) {
        const stored = await tx
          .select({ degree: doctorQualifications.degree, institution: doctorQualifications.institution, year: doctorQualifications.year })
          .from(doctorQualifications)
          .where(eq(doctorQualifications.doctorId, doctorId));
        if (!sameQualifications(stored, change.qualifications)) identityChanged.push('qualifications');
      }

      const set: Record<string, unknown> = {
        updatedAt: sql`now()`,
        ...sentFields(change, ['bio', 'yearsOfExperience', 'languages', 'consultationModes', 'timezone', 'licenseNumber']),
        ...(change.consultationFee === undefined ? {} : moneyColumns('fee', change.consultationFee)),
      };
      await tx.update(doctors).set(set).where(eq(doctors.id, doctorId));

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
      if (change.locations !== undefined) await replaceLocations(tx, doctorId, change.locations);
      if (change.insurancePlanIds !== undefined) {
        await tx.delete(doctorInsurancePlans).where(eq(doctorInsurancePlans.doctorId, doctorId));
        if (change.insurancePlanIds.length > 0) {
          await tx.insert(doctorInsurancePlans).values(change.insurancePlanIds.map((planId, position) => ({ doctorId, planId, position })));
        }
      }
      for (const field of identityChanged) await tx.execute(sql`select doctor_identity_changed(${doctorId}::uuid, ${field})`);
      return { identityChanged, timezoneChanged: change.timezone !== undefined && change.timezone !== current.timezone };
    });
  }

  /**
   * Records an admin's decision, then `alsoInTransaction` (the audit row) in the same
   * transaction. With an expected licence number the comparison is part of the UPDATE's WHERE:
   * a profile change that commits first (it holds the row lock) makes the decision match no
   * row, so a verdict never lands on a licence the admin did not see.
   */
  setVerification(doctorId: string, decision: Verification, alsoInTransaction?: (tx: Db) => Promise<void>): Promise<VerificationOutcome> {
    // A deleted account's profile stays hidden: no decision brings it back (404).
    const live = and(eq(doctors.id, doctorId), sql`not exists (select 1 from users u where u.id = ${doctors.userId} and u.deleted_at is not null)`)!;
    const conditions = [live];
    if (decision.expectedLicenseNumber !== undefined) {
      conditions.push(sql`${doctors.licenseNumber} is not distinct from ${decision.expectedLicenseNumber}`);
    }
    return this.database.db.transaction(async (tx) => {
      const updated = await tx
        .update(doctors)
        .set({
          verificationStatus: decision.status,
          verificationNote: decision.note,
          verifiedBy: decision.adminId,
          verifiedAt: sql`now()`,
          changedSinceDecision: sql`'{}'::text[]`,
          updatedAt: sql`now()`,
        })
        .where(and(...conditions))
        .returning({ id: doctors.id });
      if (updated.length > 0) {
        await alsoInTransaction?.(tx);
        return 'decided';
      }
      if (decision.expectedLicenseNumber === undefined) return 'not_found';
      const [exists] = await tx.select({ id: doctors.id }).from(doctors).where(live).limit(1);
      return exists ? 'profile_changed' : 'not_found';
    });
  }

  private async findOne(on: Executor, where: SQL): Promise<DoctorRecord | null> {
    const [row] = await rowsOf<DoctorRecord>(on, profileQuery(where));
    return row ? normaliseRow(row) : null;
  }
}
