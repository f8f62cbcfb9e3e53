import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { CLOCK, type Clock } from '../../src/common/clock/clock.js';
import { bearer, registerUser } from './auth.js';
import { queryRows } from './db.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export const SCHEDULING_TEST_ENV = { BCRYPT_COST: '10', RATE_LIMIT_AUTH_PER_MINUTE: '100000' };

export function startSchedulingApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ ...options, env: { ...SCHEDULING_TEST_ENV, ...options.env } });
}

/** Stands the app's scheduling clock on `instant` (the JWT clock keeps real time). */
export function setNow(t: TestApp, instant: string | Date): void {
  const clock = t.app.get<Clock>(CLOCK, { strict: false });
  const at = new Date(instant);
  clock.now = () => new Date(at);
}

export interface WeeklyRule {
  day: string;
  start: string;
  end: string;
}

export interface DoctorOptions {
  timezone?: string;
  weekly?: WeeklyRule[];
  availability?: Record<string, unknown>;
  type?: { name?: string; durationMinutes?: number; bufferMinutes?: number; mode?: 'in_person' | 'video'; price?: { amount: number; currency: string } | null };
  verified?: boolean;
  fullName?: string;
}

export interface TestDoctor {
  token: string;
  userId: string;
  doctorId: string;
  typeId: string;
  email: string;
  password: string;
}

export const EVERY_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function allWeek(start: string, end: string): WeeklyRule[] {
  return EVERY_DAY.map((day) => ({ day, start, end }));
}

/**
 * A doctor registered through the API, verified directly in the database (not through the
 * admin endpoint), with availability and one appointment type set through the API.
 */
export async function createDoctor(t: TestApp, options: DoctorOptions = {}): Promise<TestDoctor> {
  const session = await registerUser(t, { role: 'doctor', fullName: options.fullName ?? `Dr ${randomBytes(3).toString('hex')}` });
  const [row] = await queryRows<{ id: string }>(t, sql`select id from doctors where user_id = ${session.user.id}`);
  if (options.verified !== false) await queryRows(t, sql`update doctors set verification_status = 'verified' where id = ${row!.id}`);
  const token = session.accessToken;
  const availability = await t.request({
    method: 'PUT',
    url: '/api/v1/doctors/me/availability',
    headers: bearer(token),
    payload: { timezone: options.timezone ?? 'UTC', weekly: options.weekly ?? allWeek('09:00', '17:00'), ...options.availability },
  });
  expect(availability.statusCode, availability.body).toBe(200);
  const type = await t.request({
    method: 'POST',
    url: '/api/v1/doctors/me/appointment-types',
    headers: bearer(token),
    payload: { name: 'Consultation', durationMinutes: 30, mode: 'video', ...options.type },
  });
  expect(type.statusCode, type.body).toBe(201);
  return { token, userId: session.user.id, doctorId: row!.id, typeId: type.json().id as string, email: session.email, password: session.password };
}

export async function createPatient(t: TestApp, fullName = 'Pat Patient'): Promise<{ token: string; userId: string; email: string }> {
  const session = await registerUser(t, { role: 'patient', fullName });
  return { token: session.accessToken, userId: session.user.id, email: session.email };
}

export function getSlots(t: TestApp, doctor: Pick<TestDoctor, 'doctorId' | 'typeId'>, from: string, to = from, timezone?: string): Promise<Response> {
  const query = new URLSearchParams({ appointmentTypeId: doctor.typeId, from, to, ...(timezone ? { timezone } : {}) });
  return t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/slots?${query}` });
}

export async function slotStarts(t: TestApp, doctor: Pick<TestDoctor, 'doctorId' | 'typeId'>, from: string, to = from, timezone?: string): Promise<string[]> {
  const response = await getSlots(t, doctor, from, to, timezone);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().slots as { start: string }[]).map((s) => s.start);
}

export function book(
  t: TestApp,
  patientToken: string,
  body: { doctorId: string; appointmentTypeId: string; start: string; reason?: string },
  headers: Record<string, string> = {},
): Promise<Response> {
  return t.request({ method: 'POST', url: '/api/v1/appointments', headers: { ...bearer(patientToken), ...headers }, payload: body });
}

export async function bookOk(t: TestApp, patientToken: string, doctor: TestDoctor, start: string, reason?: string): Promise<Record<string, unknown> & { id: string }> {
  const response = await book(t, patientToken, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start, ...(reason ? { reason } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export function appointmentAction(t: TestApp, token: string, id: string, action: string, payload?: Record<string, unknown>): Promise<Response> {
  return t.request({ method: 'POST', url: `/api/v1/appointments/${id}/${action}`, headers: bearer(token), ...(payload ? { payload } : {}) });
}
