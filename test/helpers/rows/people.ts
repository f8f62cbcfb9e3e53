import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Role } from '../../../src/common/auth/policy.js';
import type { Principal } from '../../../src/common/auth/principal.js';
import type { VerificationStatus } from '../../../src/common/validation/enums.js';
import { queryRows } from '../db.js';
import type { TestApp } from '../test-app.js';

/** A user row: the principal is what the access guard would have made of the user's token. */
export type RowUser = Principal;

export interface RowDoctor {
  /** The doctor's account as a caller. */
  principal: Principal;
  /** The doctor's user account (`principal.userId`). */
  userId: string;
  /** The profile's id (`doctors.id`). */
  doctorId: string;
}

/**
 * A user row of `role`. No PHI column is set, so nothing needs sealing; the password hash is
 * never checked (nobody signs in as a row user: services are called with the principal).
 */
export async function insertUser(t: TestApp, role: Role = 'patient', fullName = `Row ${role}`): Promise<RowUser> {
  const id = randomUUID();
  const email = `${role}.${randomBytes(5).toString('hex')}@rows.test`;
  await queryRows(t, sql`insert into users (id, email, password_hash, full_name, role) values (${id}, ${email}, 'not-a-hash', ${fullName}, ${role})`);
  return { userId: id, role, sessionId: randomUUID(), issuedAtMs: Date.now() };
}

export interface DoctorRowOptions {
  /** Default `verified`, so patients can see and book the doctor. */
  status?: VerificationStatus;
  fullName?: string;
  /** The zone the doctor's hours are read in; default UTC. */
  timezone?: string;
}

/** A doctor account with its profile row; the search triggers fill the derived columns. */
export async function insertDoctor(t: TestApp, options: DoctorRowOptions = {}): Promise<RowDoctor> {
  const principal = await insertUser(t, 'doctor', options.fullName ?? 'Dr Row');
  const doctorId = randomUUID();
  await queryRows(
    t,
    sql`insert into doctors (id, user_id, verification_status, timezone)
        values (${doctorId}, ${principal.userId}, ${options.status ?? 'verified'}::verification_status, ${options.timezone ?? 'UTC'})`,
  );
  return { principal, userId: principal.userId, doctorId };
}
