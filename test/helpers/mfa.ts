import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { codeAt, secretOfUri, TOTP_STEP_SECONDS } from '../../src/modules/auth/mfa/totp.js';
import { SessionIssuer } from '../../src/modules/auth/session-issuer.service.js';
import { UsersRepository } from '../../src/modules/auth/users.repository.js';
import { bearer, login, type SessionBody } from './auth.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export interface EnrolledFactor {
  secret: string;
  recoveryCodes: string[];
}

/** The code of the authenticator app `steps` time steps from now (1: the next one, never used yet at enrolment). */
export function totpCode(secret: string, steps = 0): string {
  return codeAt(secret, Date.now() + steps * TOTP_STEP_SECONDS * 1000);
}

/** Enrols and confirms a TOTP factor through the API, with the code of the current step. */
export async function enrolTotp(t: TestApp, accessToken: string): Promise<EnrolledFactor> {
  const started = await t.request({ method: 'POST', url: '/api/v1/auth/mfa/totp', headers: bearer(accessToken) });
  expect(started.statusCode, started.body).toBe(200);
  const secret = secretOfUri(started.json().uri as string);
  const confirmed = await t.request({ method: 'POST', url: '/api/v1/auth/mfa/totp/confirm', headers: bearer(accessToken), payload: { code: totpCode(secret) } });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, recoveryCodes: confirmed.json().recoveryCodes as string[] };
}

export function verifyMfa(t: TestApp, payload: Record<string, unknown>): Promise<Response> {
  return t.request({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload });
}

/** Password, then a second factor (`code` or `recoveryCode`); returns the verify response. */
export async function signInWithSecondFactor(t: TestApp, email: string, password: string, factor: { code: string } | { recoveryCode: string }): Promise<Response> {
  const first = await login(t, email, password);
  expect(first.statusCode, first.body).toBe(200);
  expect(first.json()).toMatchObject({ mfaRequired: true });
  return verifyMfa(t, { challenge: first.json().challenge, ...factor });
}

const enrolledAdmins = new WeakMap<TestApp, Map<string, EnrolledFactor>>();

/**
 * A session of an admin opened with the second factor admins must have. The first time per
 * app and admin, the real way: sign in, enrol and confirm TOTP, sign in again with password
 * and code. Afterwards a session is started directly with the factor marked: a second sign-in
 * within the same 30-second step would need a code already used, which is refused (as it must be).
 */
export async function adminSession(t: TestApp, email: string, password: string): Promise<SessionBody> {
  let factors = enrolledAdmins.get(t);
  if (!factors) enrolledAdmins.set(t, (factors = new Map()));
  if (!factors.has(email)) {
    const first = await login(t, email, password);
    expect(first.statusCode, first.body).toBe(200);
    const factor = await enrolTotp(t, first.json().accessToken as string);
    factors.set(email, factor);
    const verified = await signInWithSecondFactor(t, email, password, { code: totpCode(factor.secret, 1) });
    expect(verified.statusCode, verified.body).toBe(200);
    return verified.json() as SessionBody;
  }
  const user = await t.app.get(UsersRepository).findByEmail(email);
  if (!user) throw new Error(`no admin ${email}`);
  return (await t.app.get(SessionIssuer).start(user, true)) as SessionBody;
}

/** `adminSession`'s access token. */
export async function adminAccessToken(t: TestApp, email: string, password: string): Promise<string> {
  return (await adminSession(t, email, password)).accessToken;
}

/** The factor `adminSession` enrolled for this admin (its secret and recovery codes). */
export function enrolledFactorOf(t: TestApp, email: string): EnrolledFactor | undefined {
  return enrolledAdmins.get(t)?.get(email);
}

/** An app that ensures `admin` at start (ADMIN_EMAIL, ADMIN_PASSWORD), and that admin's access token (`adminAccessToken`). */
export async function startTestAppWithAdmin(admin: { email: string; password: string }, options: TestAppOptions = {}): Promise<{ t: TestApp; adminToken: string }> {
  const t = await startTestApp({ ...options, env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, ...options.env } });
  return { t, adminToken: await adminAccessToken(t, admin.email, admin.password) };
}
