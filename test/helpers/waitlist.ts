import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { bearer } from './auth.js';
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

export async function joinWaitlistOk(t: TestApp, token: string, doctor: Pick<BookableDoctor, 'doctorId' | 'typeId'>, wish: WaitlistWish): Promise<{ id: string }> {
  const response = await joinWaitlist(t, token, doctor, wish);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
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
