import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { CLOCK, type Clock } from '../../src/common/clock/clock.js';
import { bearer } from './auth.js';
import { createBookableDoctor, type BookableDoctor, type ScheduleOptions } from './factories.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export { allWeek, createPatient, EVERY_DAY, type WeeklyRule } from './factories.js';

/** @deprecated `startTestApp` sets these itself; kept until tests written against it are merged. */
export const SCHEDULING_TEST_ENV = { BCRYPT_COST: '10', RATE_LIMIT_AUTH_PER_MINUTE: '100000' };

/** @deprecated Use `startTestApp` (test-app.js): the same app; kept until tests written against it are merged. */
export function startSchedulingApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp(options);
}

/** Stands the app's scheduling clock on `instant` (the JWT clock keeps real time). */
export function setNow(t: TestApp, instant: string | Date): void {
  const clock = t.app.get<Clock>(CLOCK, { strict: false });
  const at = new Date(instant);
  clock.now = () => new Date(at);
}

/** @deprecated The factories' `BookableDoctor`; kept until tests written against it are merged. */
export type TestDoctor = BookableDoctor;
/** @deprecated Options of the factories' `createBookableDoctor` (`status: 'pending'` for `verified: false`). */
export type DoctorOptions = ScheduleOptions & { verified?: boolean; fullName?: string };

/** @deprecated Use `createBookableDoctor` (factories.js); kept until tests written against it are merged. */
export function createDoctor(t: TestApp, options: DoctorOptions = {}): Promise<BookableDoctor> {
  const { verified, ...rest } = options;
  return createBookableDoctor(t, { ...rest, status: verified === false ? 'pending' : 'verified' });
}
export function getSlots(t: TestApp, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, from: string, to = from, timezone?: string): Promise<Response> {
  const query = new URLSearchParams({ appointmentTypeId: doctor.typeId, from, to, ...(timezone ? { timezone } : {}) });
  return t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/slots?${query}` });
}

export async function slotStarts(t: TestApp, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, from: string, to = from, timezone?: string): Promise<string[]> {
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

export async function bookOk(t: TestApp, patientToken: string, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, start: string, reason?: string): Promise<Record<string, unknown> & { id: string }> {
  const response = await book(t, patientToken, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start, ...(reason ? { reason } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

export function appointmentAction(t: TestApp, token: string, id: string, action: string, payload?: Record<string, unknown>): Promise<Response> {
  return t.request({ method: 'POST', url: `/api/v1/appointments/${id}/${action}`, headers: bearer(token), ...(payload ? { payload } : {}) });
}
