import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { AUTH_TEST_ENV, bearer, login, registerUser, strongPassword } from './auth.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export const ADMIN = { email: 'directory.admin@example.com', password: strongPassword() };

/** Doctors tests: fast bcrypt, limits out of the way, and an admin account ensured at start. */
export const DOCTORS_TEST_ENV = {
  ...AUTH_TEST_ENV,
  RATE_LIMIT_PER_MINUTE: '1000000',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
};

export function startDoctorsTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ ...options, env: { ...DOCTORS_TEST_ENV, ...options.env } });
}

export async function adminToken(t: TestApp): Promise<string> {
  const response = await login(t, ADMIN.email, ADMIN.password);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().accessToken as string;
}

export interface TestDoctor {
  id: string;
  userId: string;
  accessToken: string;
  fullName: string;
}

/** A complete, valid profile; tests override what they are about. */
export function profile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bio: 'Cares for adults with heart conditions.',
    specialties: ['cardiology'],
    qualifications: [{ degree: 'MD', institution: 'University of Nairobi', year: 2008 }],
    licenseNumber: 'KMPDC-12345',
    yearsOfExperience: 12,
    languages: ['en', 'sw'],
    consultationFee: { amount: 5000, currency: 'KES' },
    consultationModes: ['in_person', 'video'],
    locations: [{ name: 'Heart Clinic', address: '1 Ngong Road', city: 'Nairobi', country: 'KE' }],
    ...overrides,
  };
}

export function patchMe(t: TestApp, accessToken: string, payload: unknown): Promise<Response> {
  return t.request({ method: 'PATCH', url: '/api/v1/doctors/me', headers: bearer(accessToken), payload: payload as Record<string, unknown> });
}

export function verify(t: TestApp, admin: string, doctorId: string, status: 'verified' | 'rejected' = 'verified', note?: string): Promise<Response> {
  return t.request({ method: 'PATCH', url: `/api/v1/admin/doctors/${doctorId}/verification`, headers: bearer(admin), payload: { status, ...(note ? { note } : {}) } });
}

/** Registers a doctor through the API, fills the profile and (by default) has the admin verify it. */
export async function createDoctor(
  t: TestApp,
  admin: string,
  options: { fullName?: string; profile?: Record<string, unknown>; status?: 'verified' | 'rejected' | 'pending' } = {},
): Promise<TestDoctor> {
  const fullName = options.fullName ?? 'Test Doctor';
  const session = await registerUser(t, { role: 'doctor', fullName });
  const patched = await patchMe(t, session.accessToken, options.profile ?? profile());
  expect(patched.statusCode, patched.body).toBe(200);
  const id = patched.json().id as string;
  const status = options.status ?? 'verified';
  if (status !== 'pending') expect((await verify(t, admin, id, status)).statusCode).toBe(200);
  return { id, userId: session.user.id, accessToken: session.accessToken, fullName };
}

export interface CardPage {
  data: { id: string; fullName: string; [key: string]: unknown }[];
  nextCursor: string | null;
}

export async function search(t: TestApp, query: Record<string, string | number>, headers: Record<string, string> = {}): Promise<CardPage> {
  const response = await searchResponse(t, query, headers);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CardPage;
}

export function searchResponse(t: TestApp, query: Record<string, string | number>, headers: Record<string, string> = {}): Promise<Response> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return t.request({ method: 'GET', url: `/api/v1/doctors${qs ? `?${qs}` : ''}`, headers });
}

/** Follows nextCursor to the end; `between` runs after each page (to change rows mid-walk). */
export async function walk(t: TestApp, query: Record<string, string | number>, between?: (page: number) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const body: CardPage = await search(t, { ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...body.data.map((d) => d.id));
    cursor = body.nextCursor;
    if (!cursor) return ids;
    await between?.(page);
  }
  throw new Error('walk did not end');
}
