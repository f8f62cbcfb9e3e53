import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, getMe, login, persistentDatabase, refresh, registerUser, strongPassword, uniqueEmail, type SessionBody } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

type Registered = SessionBody & { password: string; email: string };

function register(t: TestApp, extra: Record<string, unknown>) {
  return t.request({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: uniqueEmail('consent'), password: strongPassword(), fullName: 'Terms Reader', role: 'patient', ...extra },
  });
}

const consents = (t: TestApp, token: string) => t.request({ method: 'GET', url: '/api/v1/me/consents', headers: bearer(token) });
const accept = (t: TestApp, token: string, termsVersion: string) => t.request({ method: 'POST', url: '/api/v1/me/consents', headers: bearer(token), payload: { termsVersion } });
/** Two routes outside the terms' allowance: one of the auth module, one of another module. */
const updateMe = (t: TestApp, token: string) => t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(token), payload: { fullName: 'Renamed Reader' } });
const accessLog = (t: TestApp, token: string) => t.request({ method: 'GET', url: '/api/v1/me/access-log', headers: bearer(token) });

function claims(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('terms not set (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gates nothing: a client that knows nothing of terms registers and works', async () => {
    const patient = await registerUser(t);
    expect((await updateMe(t, patient.accessToken)).statusCode).toBe(200);
    expect((await accessLog(t, patient.accessToken)).statusCode).toBe(200);
    expect(claims(patient.accessToken)).not.toHaveProperty('tv');
    const read = await consents(t, patient.accessToken);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ current: null, accepted: true, history: [] });
  });

  it('has nothing to accept: POST is 409 TERMS_VERSION_MISMATCH, and a sign-up naming a version is not refused', async () => {
    const patient = await registerUser(t);
    expectProblem(await accept(t, patient.accessToken, '2026-11'), 409, 'TERMS_VERSION_MISMATCH');
    const named = await register(t, { termsVersion: '2026-11' });
    expect(named.statusCode, named.body).toBe(201);
    expect((await consents(t, named.json().accessToken)).json()).toEqual({ current: null, accepted: true, history: [] });
  });
});

describe('terms in force (TERMS_VERSION)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TERMS_VERSION: '2026-11' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records the acceptance given at sign-up, and carries it in the access token: nothing is gated', async () => {
    const response = await register(t, { termsVersion: '2026-11' });
    expect(response.statusCode, response.body).toBe(201);
    const session = response.json() as SessionBody;
    expect(claims(session.accessToken)).toMatchObject({ tv: '2026-11' });
    expect((await updateMe(t, session.accessToken)).statusCode).toBe(200);
    const read = (await consents(t, session.accessToken)).json();
    expect(read).toEqual({ current: '2026-11', accepted: true, history: [{ termsVersion: '2026-11', acceptedAt: expect.any(String) }] });
    const rows = await queryRows(t, sql`select version from consents where user_id = ${session.user.id}`);
    expect(rows).toEqual([{ version: '2026-11' }]);
  });

  it('refuses a sign-up accepting another version with 409 TERMS_VERSION_MISMATCH, and makes no account', async () => {
    const email = uniqueEmail('consent');
    const password = strongPassword();
    const response = await register(t, { email, password, termsVersion: '2025-01' });
    expectProblem(response, 409, 'TERMS_VERSION_MISMATCH');
    expectProblem(await login(t, email, password), 401, 'INVALID_CREDENTIALS');
  });

  it('lets an existing client that omits the field register, then refuses other work with 403 TERMS_NOT_ACCEPTED until it accepts', async () => {
    const patient = await registerUser(t);
    expect(claims(patient.accessToken)).not.toHaveProperty('tv');
    expectProblem(await updateMe(t, patient.accessToken), 403, 'TERMS_NOT_ACCEPTED');
    expectProblem(await accessLog(t, patient.accessToken), 403, 'TERMS_NOT_ACCEPTED');
    const denials = await queryRows<{ details: Record<string, string> }>(
      t,
      sql`select details from audit_events where actor_id = ${patient.user.id} and action = 'access.denied'`,
    );
    expect(denials.map((row) => row.details.reason)).toEqual(['terms_not_accepted', 'terms_not_accepted']);

    expect((await consents(t, patient.accessToken)).json()).toEqual({ current: '2026-11', accepted: false, history: [] });
    expectProblem(await accept(t, patient.accessToken, '2025-01'), 409, 'TERMS_VERSION_MISMATCH');
    const accepted = await accept(t, patient.accessToken, '2026-11');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ current: '2026-11', accepted: true, history: [{ termsVersion: '2026-11' }] });
    // The same token is answered at once (the acceptance, not the claim, lets it through) ...
    expect((await updateMe(t, patient.accessToken)).statusCode).toBe(200);
    // ... and the next one carries the claim.
    const next = await refresh(t, patient.refreshToken);
    expect(claims(next.json().accessToken)).toMatchObject({ tv: '2026-11' });
    // Accepting again keeps the first acceptance.
    expect((await accept(t, patient.accessToken, '2026-11')).json().history).toHaveLength(1);
    const audit = await queryRows(t, sql`select 1 from audit_events where actor_id = ${patient.user.id} and action = 'consent.accept'`);
    expect(audit).toHaveLength(2);
  });

  it('keeps open, before acceptance: the session routes, second-factor enrolment, reading and accepting the terms, and public routes', async () => {
    const patient = await registerUser(t);
    expect((await getMe(t, patient.accessToken)).statusCode).toBe(200);
    expect((await consents(t, patient.accessToken)).statusCode).toBe(200);
    const enrol = await t.request({ method: 'POST', url: '/api/v1/auth/mfa/totp', headers: bearer(patient.accessToken) });
    expect(enrol.statusCode, enrol.body).toBe(200);
    const other = await login(t, patient.email, patient.password);
    expect(other.statusCode).toBe(200);
    const refreshed = await refresh(t, patient.refreshToken);
    expect(refreshed.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    // A public route answers a signed-in caller who has not accepted, as it answers anyone.
    expect((await t.request({ method: 'GET', url: '/api/v1/doctors', headers: bearer(patient.accessToken) })).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: refreshed.json().refreshToken } })).statusCode).toBe(204);
    // (The logout above ended the first session; the sign-in's is another.)
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(other.json().accessToken) })).statusCode).toBe(204);
  });

  it("keeps a patient's rights open before acceptance: exporting everything held, and deleting the account", async () => {
    const patient = await registerUser(t);
    expectProblem(await accessLog(t, patient.accessToken), 403, 'TERMS_NOT_ACCEPTED');
    const exported = await t.request({ method: 'GET', url: '/api/v1/me/export', headers: bearer(patient.accessToken) });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.json().account.email).toBe(patient.email);
    const deleted = await t.request({ method: 'DELETE', url: '/api/v1/me', headers: bearer(patient.accessToken), payload: { password: patient.password } });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await login(t, patient.email, patient.password)).statusCode).toBe(401);
  });
});

describe('a new terms version', () => {
  it('gates again every user who accepted only the old one, until they accept the new', async () => {
    const database = await persistentDatabase();
    let patient: Registered;
    let t = await startTestApp({ databaseUrl: database.databaseUrl, env: { ...database.env, TERMS_VERSION: '2026-11' } });
    try {
      patient = await registerUser(t);
      expect((await accept(t, patient.accessToken, '2026-11')).statusCode).toBe(200);
      expect((await updateMe(t, patient.accessToken)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
    t = await startTestApp({ databaseUrl: database.databaseUrl, env: { ...database.env, TERMS_VERSION: '2027-03' } });
    try {
      // A token that says the old version was accepted, and a fresh sign-in, are both refused.
      const session = (await login(t, patient.email, patient.password)).json() as SessionBody;
      expect(claims(session.accessToken)).not.toHaveProperty('tv');
      expectProblem(await updateMe(t, patient.accessToken), 403, 'TERMS_NOT_ACCEPTED');
      expectProblem(await updateMe(t, session.accessToken), 403, 'TERMS_NOT_ACCEPTED');
      expectProblem(await accept(t, session.accessToken, '2026-11'), 409, 'TERMS_VERSION_MISMATCH');
      const accepted = await accept(t, session.accessToken, '2027-03');
      expect(accepted.json()).toMatchObject({ current: '2027-03', accepted: true, history: [{ termsVersion: '2027-03' }, { termsVersion: '2026-11' }] });
      expect((await updateMe(t, session.accessToken)).statusCode).toBe(200);
    } finally {
      await t.close();
      await database.cleanup();
    }
  });
});
