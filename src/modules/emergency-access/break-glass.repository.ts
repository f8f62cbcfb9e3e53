import { Inject, Injectable } from '@nestjs/common';
import { aliasedTable, and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { unseal } from '../../common/crypto/encrypted-column.js';
import { keyset, type KeysetPosition } from '../../common/pagination/keyset.js';
import type { AppointmentStatus } from '../../common/validation/enums.js';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { appointments, breakGlassGrants, doctors, users } from '../../db/schema/index.js';

export interface GrantRow {
  id: string;
  adminId: string;
  adminName: string;
  patientId: string;
  patientName: string;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface PatientRecords {
  patient: { id: string; fullName: string; email: string; phone: string | null; dateOfBirth: string | null };
  appointments: {
    id: string;
    doctorId: string;
    doctorName: string;
    startAt: Date;
    endAt: Date;
    status: AppointmentStatus;
    reason: string | null;
    cancellationReason: string | null;
  }[];
}

const RECORDS_LIMIT = 200;
const admin = aliasedTable(users, 'grant_admin');
const patient = aliasedTable(users, 'grant_patient');

/** Emergency-access grants, and the patient records an admin reads under one. */
@Injectable()
export class BreakGlassRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Whether the id is a patient's account. */
  async isPatient(userId: string): Promise<boolean> {
    const [row] = await this.database.db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.role, 'patient'))).limit(1);
    return row !== undefined;
  }

  /** Records a grant lasting `minutes` from the database's now; `alsoInTransaction` (its audit row) commits with it or not at all. */
  async create(input: { adminId: string; patientId: string; reason: string; minutes: number }, alsoInTransaction: (tx: Db, id: string) => Promise<void>): Promise<GrantRow> {
    const id = await this.database.db.transaction(async (tx) => {
      const { minutes, ...grant } = input;
      const [row] = await tx
        .insert(breakGlassGrants)
        .values({ ...grant, expiresAt: sql`now() + make_interval(mins => ${minutes})` })
        .returning({ id: breakGlassGrants.id });
      await alsoInTransaction(tx, row!.id);
      return row!.id;
    });
    const [grant] = await this.select().where(eq(breakGlassGrants.id, id));
    return grant!;
  }

  /** The caller's grant if it is still live; null when it is not theirs, unknown or expired. */
  async liveGrant(grantId: string, adminId: string): Promise<GrantRow | null> {
    const [grant] = await this.select().where(and(eq(breakGlassGrants.id, grantId), eq(breakGlassGrants.adminId, adminId), gt(breakGlassGrants.expiresAt, sql`now()`)));
    return grant ?? null;
  }

  /** Every grant, newest first, keyset-paginated on (created_at, id). */
  list(after: KeysetPosition<Date> | null, limit: number): Promise<GrantRow[]> {
    const page = keyset('desc', { key: breakGlassGrants.createdAt, id: breakGlassGrants.id }, after);
    return this.select()
      .where(page.after)
      .orderBy(...page.orderBy)
      .limit(limit);
  }

  /** The admins to tell about a grant: every admin but the one who asked. */
  otherAdmins(exceptUserId: string): Promise<{ email: string; fullName: string }[]> {
    return this.database.db.select({ email: users.email, fullName: users.fullName }).from(users).where(and(eq(users.role, 'admin'), ne(users.id, exceptUserId)));
  }

  /** The patient's account and newest appointments, decrypted. */
  async patientRecords(patientId: string): Promise<PatientRecords | null> {
    const [account] = await this.database.db.select().from(users).where(eq(users.id, patientId)).limit(1);
    if (!account) return null;
    const doctorUser = aliasedTable(users, 'doctor_user');
    const rows = await this.database.db
      .select({
        id: appointments.id,
        doctorId: appointments.doctorId,
        doctorName: doctorUser.fullName,
        startAt: appointments.startAt,
        endAt: appointments.endAt,
        status: appointments.status,
        reason: appointments.reason,
        cancellationReason: appointments.cancellationReason,
      })
      .from(appointments)
      .innerJoin(doctors, eq(doctors.id, appointments.doctorId))
      .innerJoin(doctorUser, eq(doctorUser.id, doctors.userId))
      .where(eq(appointments.patientId, patientId))
      .orderBy(desc(appointments.startAt), desc(appointments.id))
      .limit(RECORDS_LIMIT);
    return {
      patient: {
        id: account.id,
        fullName: account.fullName,
        email: account.email,
        phone: unseal('users', 'phone', account.id, account.phone),
        dateOfBirth: unseal('users', 'date_of_birth', account.id, account.dateOfBirth),
      },
      appointments: rows.map((row) => ({
        ...row,
        reason: unseal('appointments', 'reason', row.id, row.reason),
        cancellationReason: unseal('appointments', 'cancellation_reason', row.id, row.cancellationReason),
      })),
    };
  }

  private select() {
    return this.database.db
      .select({
        id: breakGlassGrants.id,
        adminId: breakGlassGrants.adminId,
        adminName: admin.fullName,
        patientId: breakGlassGrants.patientId,
        patientName: patient.fullName,
        reason: breakGlassGrants.reason,
        createdAt: breakGlassGrants.createdAt,
        expiresAt: breakGlassGrants.expiresAt,
      })
      .from(breakGlassGrants)
      .innerJoin(admin, eq(admin.id, breakGlassGrants.adminId))
      .innerJoin(patient, eq(patient.id, breakGlassGrants.patientId))
      .$dynamic();
  }
}
