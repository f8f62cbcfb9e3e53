import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { strongPassword } from './auth.js';
import { adminAccessToken } from './mfa.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export { patchMe, profile, verify } from './factories.js';

export const ADMIN = { email: 'directory.admin@example.com', password: strongPassword() };

/** Doctors tests: an admin account ensured at start (to verify doctors as the product does). */
export const DOCTORS_TEST_ENV = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

export function startDoctorsTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ ...options, env: { ...DOCTORS_TEST_ENV, ...options.env } });
}

/** An access token of the admin, signed in with the second factor admins must have (test/helpers/mfa.ts). */
export function adminToken(t: TestApp): Promise<string> {
  return adminAccessToken(t, ADMIN.email, ADMIN.password);
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
