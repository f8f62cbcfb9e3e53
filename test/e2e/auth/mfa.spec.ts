import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PeriodicTaskRunner } from '../../../src/common/periodic/periodic-task.runner.js';
import { hashOpaqueToken } from '../../../src/modules/auth/opaque-tokens.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, getMe, login, refresh, registerUser, strongPassword, type SessionBody } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import { adminSession, enrolTotp, signInWithSecondFactor, totpCode, verifyMfa } from '../../helpers/mfa.js';
import { nestRoutes } from '../../helpers/routes.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const ADMIN = { email: 'mfa.admin@example.com', password: strongPassword() };

describe('second factor (TOTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOGIN_LOCKOUT_ATTEMPTS: '4' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('enrols with an otpauth URI and a QR code, confirms with a code, and then asks every sign-in for one', async () => {
    const patient = await registerUser(t);
    const started = await t.request({ method: 'POST', url: '/api/v1/auth/mfa/totp', headers: bearer(patient.accessToken) });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().uri).toMatch(/^otpauth:\/\/totp\/iHosi:.+\?.*secret=[A-Z2-7]+/);
    expect(started.json().qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Not yet confirmed: sign-in still gives a session.
    expect((await login(t, patient.email, patient.password)).json()).toHaveProperty('accessToken');

    const factor = await enrolTotp(t, patient.accessToken);
    expect(factor.recoveryCodes).toHaveLength(10);
    expect(new Set(factor.recoveryCodes).size).toBe(10);

    const first = await login(t, patient.email, patient.password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ mfaRequired: true, challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const verified = await verifyMfa(t, { challenge: first.json().challenge, code: totpCode(factor.secret, 1) });
    expect(verified.statusCode, verified.body).toBe(200);
    const session = verified.json() as SessionBody;
    expect((await getMe(t, session.accessToken)).statusCode).toBe(200);
    // The challenge gives one session only.
    expectProblem(await verifyMfa(t, { challenge: first.json().challenge, code: totpCode(factor.secret, 1) }), 401, 'UNAUTHENTICATED');
    expectProblem(await verifyMfa(t, { challenge: 'x'.repeat(43), code: '123456' }), 401, 'UNAUTHENTICATED');
  });

  it('accepts a code once: the same code (or an older one) is refused within its window', async () => {
    const patient = await registerUser(t);
    const factor = await enrolTotp(t, patient.accessToken);
    const next = totpCode(factor.secret, 1);
    expect((await signInWithSecondFactor(t, patient.email, patient.password, { code: next })).statusCode).toBe(200);
    expectProblem(await signInWithSecondFactor(t, patient.email, patient.password, { code: next }), 401, 'INVALID_MFA_CODE');
    expectProblem(await signInWithSecondFactor(t, patient.email, patient.password, { code: totpCode(factor.secret) }), 401, 'INVALID_MFA_CODE');
  });

  it('takes each recovery code once, stores them only hashed, and the secret only encrypted', async () => {
    const patient = await registerUser(t);
    const factor = await enrolTotp(t, patient.accessToken);
    const [code] = factor.recoveryCodes;
    expect((await signInWithSecondFactor(t, patient.email, patient.password, { recoveryCode: code!.toLowerCase() })).statusCode).toBe(200);
    expectProblem(await signInWithSecondFactor(t, patient.email, patient.password, { recoveryCode: code! }), 401, 'INVALID_MFA_CODE');

    const stored = await queryRows<{ code_hash: string }>(t, sql`select code_hash from mfa_recovery_codes where user_id = ${patient.user.id}`);
    expect(stored).toHaveLength(10);
    const plain = factor.recoveryCodes.flatMap((c) => [c, c.replaceAll('-', '')]);
    for (const row of stored) expect(plain).not.toContain(row.code_hash);
    const [secret] = await queryRows<{ secret: string }>(t, sql`select secret from user_mfa where user_id = ${patient.user.id}`);
    expect(secret!.secret).toMatch(/^enc:v2:/);
    expect(secret!.secret).not.toContain(factor.secret);
    // Bound to its row: another user's ciphertext does not decrypt as this one's.
    const other = await registerUser(t);
    await enrolTotp(t, other.accessToken);
    await queryRows(t, sql`update user_mfa set secret = ${secret!.secret} where user_id = ${other.user.id}`);
    const refused = await signInWithSecondFactor(t, other.email, other.password, { code: totpCode(factor.secret, 1) });
    expect(refused.statusCode).toBe(500);
  });

  it('counts wrong codes toward the lockout: locked, even the right code is refused', async () => {
    const patient = await registerUser(t);
    const factor = await enrolTotp(t, patient.accessToken);
    const wrong = totpCode(factor.secret, 1) === '000000' ? '111111' : '000000';
    const first = await login(t, patient.email, patient.password);
    const challenge = first.json().challenge as string;
    // The password step stays counted until a code passes: 1 (password) + 3 wrong codes = 4.
    for (let i = 0; i < 3; i++) expectProblem(await verifyMfa(t, { challenge, code: wrong }), 401, 'INVALID_MFA_CODE');
    const locked = expectProblem(await verifyMfa(t, { challenge, code: totpCode(factor.secret, 1) }), 429, 'ACCOUNT_LOCKED');
    expect(locked).toBeTruthy();
    expectProblem(await login(t, patient.email, patient.password), 429, 'ACCOUNT_LOCKED');
    const rows = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from audit_events where actor_id = ${patient.user.id} and action = 'auth.mfa_verify' and outcome = 'failure'`);
    expect(rows[0]!.n).toBe(3);
  });

  it('refuses a code that is neither given nor alone (one of code and recoveryCode)', async () => {
    expectProblem(await verifyMfa(t, { challenge: 'x'.repeat(43) }), 400, 'VALIDATION_FAILED');
    expectProblem(await verifyMfa(t, { challenge: 'x'.repeat(43), code: '123456', recoveryCode: 'ABCD-EFGH-IJKL-MNOP' }), 400, 'VALIDATION_FAILED');
  });

  it('removes the factor only with the password and a code, and then ends every session', async () => {
    const patient = await registerUser(t);
    const factor = await enrolTotp(t, patient.accessToken);
    // One code, used twice: computed again later it could be the next step's, which is accepted.
    const used = totpCode(factor.secret, 1);
    const signedIn = (await signInWithSecondFactor(t, patient.email, patient.password, { code: used })).json() as SessionBody;
    const remove = (payload: Record<string, unknown>) => t.request({ method: 'DELETE', url: '/api/v1/auth/mfa', headers: bearer(signedIn.accessToken), payload });
    expectProblem(await remove({ password: 'wrong password entirely', recoveryCode: factor.recoveryCodes[0] }), 401, 'INVALID_CREDENTIALS');
    expectProblem(await remove({ password: patient.password, code: used }), 401, 'INVALID_MFA_CODE');
    expect((await remove({ password: patient.password, recoveryCode: factor.recoveryCodes[1] })).statusCode).toBe(204);
    expect((await getMe(t, signedIn.accessToken)).statusCode).toBe(401);
    expectProblem(await refresh(t, signedIn.refreshToken), 401, 'UNAUTHENTICATED');
    expect((await login(t, patient.email, patient.password)).json()).toHaveProperty('accessToken');
    expect(await queryRows(t, sql`select 1 from mfa_recovery_codes where user_id = ${patient.user.id}`)).toHaveLength(0);
  });

  it('refuses a second enrolment while one is confirmed (409 MFA_ALREADY_ENROLLED), and confirmation without one (409 MFA_NOT_ENROLLED)', async () => {
    const patient = await registerUser(t);
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/mfa/totp/confirm', headers: bearer(patient.accessToken), payload: { code: '123456' } }), 409, 'MFA_NOT_ENROLLED');
    await enrolTotp(t, patient.accessToken);
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/mfa/totp', headers: bearer(patient.accessToken) }), 409, 'MFA_ALREADY_ENROLLED');
  });

  it('purges answered and expired challenges (auth.purge-mfa-challenges) and keeps a live one', async () => {
    const patient = await registerUser(t);
    const factor = await enrolTotp(t, patient.accessToken);
    expect((await signInWithSecondFactor(t, patient.email, patient.password, { code: totpCode(factor.secret, 1) })).statusCode).toBe(200);
    const expired = (await login(t, patient.email, patient.password)).json().challenge as string;
    const live = (await login(t, patient.email, patient.password)).json().challenge as string;
    await queryRows(t, sql`update mfa_challenges set expires_at = now() - interval '1 second' where token_hash = ${hashOpaqueToken(expired)}`);
    await t.app.get(PeriodicTaskRunner).runOnce('auth.purge-mfa-challenges');
    const left = await queryRows<{ token_hash: string }>(t, sql`select token_hash from mfa_challenges where user_id = ${patient.user.id}`);
    expect(left.map((r) => r.token_hash)).toEqual([hashOpaqueToken(live)]);
  });

  describe('required for admins', () => {
    it('lets an admin without a second factor do nothing but enrol (403 MFA_REQUIRED on every other route)', async () => {
      const unenrolled = await login(t, ADMIN.email, ADMIN.password);
      expect(unenrolled.statusCode).toBe(200);
      const token = unenrolled.json().accessToken as string;
      const failures: string[] = [];
      for (const route of nestRoutes(t)) {
        if (route.policy?.kind !== 'roles' || !route.policy.roles.includes('admin')) continue;
        const url = route.url.replace(/:[A-Za-z0-9_]+/g, randomUUID());
        const response = await t.request({ method: route.method as 'GET', url, headers: bearer(token), payload: {} });
        const enrolment = url === '/api/v1/auth/mfa/totp' || url === '/api/v1/auth/mfa/totp/confirm';
        // problem+json's `code`, or the catalog code an OperationOutcome carries on the FHIR face.
        const body = response.json() as { code?: string; issue?: { details?: { coding?: { code?: string }[] } }[] };
        const refused = response.statusCode === 403 && (body.code ?? body.issue?.[0]?.details?.coding?.[0]?.code) === 'MFA_REQUIRED';
        if (enrolment === refused) failures.push(`${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
      expect(failures).toEqual([]);
      // Public routes treat the session as anonymous: no admin's view of an unpublished doctor.
      const pending = await registerUser(t, { role: 'doctor' });
      const [doctorRow] = await queryRows<{ id: string }>(t, sql`select id from doctors where user_id = ${pending.user.id}`);
      expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctorRow!.id}`, headers: bearer(token) })).statusCode).toBe(404);
      expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctorRow!.id}`, headers: bearer((await adminSession(t, ADMIN.email, ADMIN.password)).accessToken) })).statusCode).toBe(200);
      const [denied] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from audit_events where action = 'access.denied' and details->>'reason' = 'second_factor_required'`);
      expect(denied!.n).toBeGreaterThan(0);
    });

    it('lets the admin act once signed in with the code, through refreshes too', async () => {
      const session = await adminSession(t, ADMIN.email, ADMIN.password);
      expect((await t.request({ method: 'GET', url: '/api/v1/admin/audit-events?limit=1', headers: bearer(session.accessToken) })).statusCode).toBe(200);
      const refreshed = (await refresh(t, session.refreshToken)).json() as SessionBody;
      expect((await t.request({ method: 'GET', url: '/api/v1/admin/audit-events?limit=1', headers: bearer(refreshed.accessToken) })).statusCode).toBe(200);
      // The password alone is not enough any more.
      expect((await login(t, ADMIN.email, ADMIN.password)).json()).toMatchObject({ mfaRequired: true });
    });
  });
});
