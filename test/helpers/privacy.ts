import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { bearer } from './auth.js';
import type { BookableDoctor, TestPatient } from './factories.js';
import { appointmentAction, bookOk, setNow } from './scheduling.js';
import type { TestApp } from './test-app.js';

/** A patient's history with a doctor: a completed, reviewed visit on 2027-03-08 and a future one on 2027-03-20; the clock left on 2027-03-10. */
export async function pastAndFutureVisits(t: TestApp, patient: TestPatient, doctor: BookableDoctor): Promise<{ past: string; future: string }> {
  setNow(t, '2027-03-01T08:00:00.000Z');
  const past = await bookOk(t, patient.token, doctor, '2027-03-08T09:00:00.000Z', 'Chest pain when climbing stairs');
  const future = await bookOk(t, patient.token, doctor, '2027-03-20T09:00:00.000Z', 'Follow-up of the chest pain');
  setNow(t, '2027-03-10T08:00:00.000Z');
  const completed = await appointmentAction(t, doctor.token, past.id, 'complete');
  expect(completed.statusCode, completed.body).toBe(200);
  const review = await t.request({ method: 'POST', url: `/api/v1/appointments/${past.id}/review`, headers: bearer(patient.token), payload: { rating: 5, comment: 'Kind and thorough' } });
  expect(review.statusCode, review.body).toBe(201);
  return { past: past.id, future: future.id };
}

export function deleteMe(t: TestApp, accessToken: string, payload: Record<string, unknown>): Promise<Response> {
  return t.request({ method: 'DELETE', url: '/api/v1/me', headers: bearer(accessToken), payload });
}

export function exportMe(t: TestApp, accessToken: string, query = ''): Promise<Response> {
  return t.request({ method: 'GET', url: `/api/v1/me/export${query}`, headers: bearer(accessToken) });
}
