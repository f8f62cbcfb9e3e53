import { sql } from 'drizzle-orm';
import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { bearer } from './auth.js';
import { queryRows } from './db.js';
import type { BookableDoctor } from './factories.js';
import type { TestApp } from './test-app.js';

/** POST /appointments/holds for `doctor`'s type at `start`. */
export function hold(t: TestApp, token: string, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, start: string): Promise<Response> {
  return t.request({ method: 'POST', url: '/api/v1/appointments/holds', headers: bearer(token), payload: { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start } });
}

export async function holdOk(t: TestApp, token: string, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, start: string): Promise<{ id: string; start: string; end: string; expiresAt: string }> {
  const response = await hold(t, token, doctor, start);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/**
 * Moves hold `id`'s whole life `hoursAgo` hours back, so it has expired (the database's clock
 * decides expiry). Two holds of one slot need different ages: their lifetimes may not overlap.
 */
export async function expireHold(t: TestApp, id: string, hoursAgo = 2): Promise<void> {
  const shift = `${hoursAgo} hours`;
  await queryRows(t, sql`update appointment_holds set created_at = created_at - ${shift}::interval, expires_at = expires_at - ${shift}::interval where id = ${id}`);
}
