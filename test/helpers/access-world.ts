import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Role } from '../../src/common/auth/policy.js';
import type { Principal } from '../../src/common/auth/principal.js';
import { queryRows } from './db.js';
import type { TestApp } from './test-app.js';

// Factories that write rows straight into the app's database (no HTTP, no password hashing),
// so service-level tests can build the world a rule is about in a few milliseconds.

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A user row of `role`; the principal is what the access guard would have made of its token. */
export async function insertUser(t: TestApp, role: Role): Promise<Principal> {
  const id = randomUUID();
  await queryRows(t, sql`insert into users (id, email, password_hash, full_name, role) values (${id}, ${`${role}.${next()}@factory.test`}, 'not-a-hash', ${`Factory ${role}`}, ${role})`);
  return { userId: id, role, sessionId: randomUUID(), issuedAtMs: Date.now() };
}

export interface FactoryDoctor {
  principal: Principal;
  doctorId: string;
}

/** A doctor account with its profile row (verified unless told otherwise). */
export async function insertDoctor(t: TestApp, status: 'pending' | 'verified' | 'rejected' = 'verified'): Promise<FactoryDoctor> {
  const principal = await insertUser(t, 'doctor');
  const doctorId = randomUUID();
  await queryRows(t, sql`insert into doctors (id, user_id, verification_status) values (${doctorId}, ${principal.userId}, ${status}::verification_status)`);
  return { principal, doctorId };
}

export async function insertAppointmentType(t: TestApp, doctorId: string): Promise<string> {
  const id = randomUUID();
  await queryRows(t, sql`insert into appointment_types (id, doctor_id, name, duration_minutes, mode) values (${id}, ${doctorId}, 'Consultation', 30, 'video')`);
  return id;
}

export async function insertTimeOff(t: TestApp, doctorId: string): Promise<string> {
  const id = randomUUID();
  await queryRows(t, sql`insert into time_off (id, doctor_id, start_at, end_at) values (${id}, ${doctorId}, '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')`);
  return id;
}

let slot = 0;

/** A confirmed appointment without a reason; each call takes its own half hour, so none overlap. */
export async function insertAppointment(t: TestApp, doctor: FactoryDoctor, patientId: string, typeId: string): Promise<string> {
  const id = randomUUID();
  const start = new Date(Date.UTC(2030, 0, 1) + slot++ * 3_600_000);
  const end = new Date(start.getTime() + 30 * 60_000);
  await queryRows(
    t,
    sql`insert into appointments (id, doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, mode)
        values (${id}, ${doctor.doctorId}, ${patientId}, ${typeId}, ${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, 'video')`,
  );
  return id;
}
