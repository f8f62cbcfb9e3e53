import { sql } from 'drizzle-orm';
import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { bearer } from './auth.js';
import { queryRows } from './db.js';
import type { BookableDoctor } from './factories.js';
import type { TestApp } from './test-app.js';

export interface WaitlistWish {
  from: string;
  to: string;
  times?: { start: string; end: string }[];
}

export function joinWaitlist(t: TestApp, token: string, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, wish: WaitlistWish): Promise<Response> {
  return t.request({ method: 'POST', url: '/api/v1/waitlist', headers: bearer(token), payload: { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, ...wish } });
}

/**
 * Joins, and returns once the database clock is past the entry's millisecond: entries are
 * offered slots in the order they joined (`created_at`, then a random id), so two joined in
 * one millisecond would be in either order, and a test of "first in line" would fail by chance.
 */
export async function joinWaitlistOk(t: TestApp, token: string, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, wish: WaitlistWish): Promise<{ id: string }> {
  const response = await joinWaitlist(t, token, doctor, wish);
  expect(response.statusCode, response.body).toBe(201);
  const entry = response.json() as { id: string; createdAt: string };
  for (let waits = 0; waits < 100; waits++) {
    const [clock] = await queryRows<{ past: boolean }>(t, sql`select clock_timestamp() > ${entry.createdAt}::timestamptz + interval '1 millisecond' as past`);
    if (clock!.past) return entry;
  }
  throw new Error('the database clock did not move');
}

export interface WaitlistEntryBody {
  id: string;
  offer: { holdId: string; start: string; end: string; expiresAt: string } | null;
}

export async function myWaitlist(t: TestApp, token: string): Promise<WaitlistEntryBody[]> {
  const response = await t.request({ method: 'GET', url: '/api/v1/waitlist', headers: bearer(token) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
