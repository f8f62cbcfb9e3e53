import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { createScratchDatabase, onRealPostgres } from './lanes.js';
import type { TestApp } from './test-app.js';

export interface SessionBody {
  user: { id: string; email: string; fullName: string; role: string; phone: string | null; dateOfBirth: string | null; createdAt: string };
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@example.com`;
}

/** Long, random, never in a common-password list. */
export function strongPassword(): string {
  return `Pw-${randomBytes(9).toString('base64url')}!`;
}

export interface AccountOptions {
  role?: 'patient' | 'doctor';
  email?: string;
  password?: string;
  fullName?: string;
  phone?: string;
}

/** Registers a user through the API and returns the session plus the credentials used. */
export async function registerUser(t: TestApp, options: AccountOptions = {}): Promise<SessionBody & { password: string; email: string }> {
  const email = options.email ?? uniqueEmail(options.role ?? 'patient');
  const password = options.password ?? strongPassword();
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, password, fullName: options.fullName ?? 'Test Person', role: options.role ?? 'patient', ...(options.phone ? { phone: options.phone } : {}) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { ...(response.json() as SessionBody), password, email };
}

export function login(t: TestApp, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });
}

export function refresh(t: TestApp, refreshToken: string): Promise<Response> {
  return t.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
}

export function bearer(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}

export function getMe(t: TestApp, accessToken: string): Promise<Response> {
  return t.request({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(accessToken) });
}

/** Every string that must never appear in a log line. */
export function expectNoneInLogs(t: TestApp, secrets: string[]): void {
  const text = JSON.stringify(t.logs);
  for (const secret of secrets) expect(text.includes(secret), `log contains a secret: ${secret.slice(0, 6)}…`).toBe(false);
}

/**
 * A database that outlives one app instance, for restart tests: a scratch PostgreSQL
 * database in the real lane, a PGlite directory on disk in the embedded lane.
 */
export async function persistentDatabase(): Promise<{ databaseUrl?: string; env: Record<string, string>; cleanup(): Promise<void> }> {
  if (onRealPostgres) {
    const scratch = await createScratchDatabase();
    return { databaseUrl: scratch.url, env: { DATABASE_URL: scratch.url }, cleanup: () => scratch.drop() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ihosi-auth-'));
  return { env: { DATA_DIR: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
