import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { CLOCK, type Clock } from '../../src/common/clock/clock.js';
import { bearer } from './auth.js';
import type { BookableDoctor } from './factories.js';
import type { TestApp } from './test-app.js';

export { allWeek, createPatient, EVERY_DAY, type WeeklyRule } from './factories.js';

/** Stands the app's scheduling clock on `instant` (the JWT clock keeps real time). */
export function setNow(t: TestApp, instant: string | Date): void {
  const clock = t.app.get<Clock>(CLOCK, { strict: false });
  const at = new Date(instant);
  clock.now = () => new Date(at);
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
