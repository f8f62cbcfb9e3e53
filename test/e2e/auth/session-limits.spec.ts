import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refresh, registerUser, type SessionBody } from '../../helpers/auth.js';
import { refreshTokenDigest } from '../../../src/modules/auth/refresh-token-digests.service.js';
import { queryRows } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

/** Moves the session's clock: its refresh tokens were issued, and the family started, `minutes` earlier. */
async function age(t: TestApp, session: SessionBody, minutes: { sinceRefresh: number; sinceStart: number }): Promise<void> {
  await queryRows(
    t,
    sql`update refresh_tokens set created_at = created_at - make_interval(mins => ${minutes.sinceRefresh})
        where family_id = (select family_id from refresh_tokens where token_hash = ${refreshTokenDigest(t.config.jwt.refreshSecret, session.refreshToken)})`,
  );
  await queryRows(
    t,
    sql`update session_families set created_at = created_at - make_interval(mins => ${minutes.sinceStart}), expires_at = expires_at - make_interval(mins => ${minutes.sinceStart})
        where user_id = ${session.user.id}`,
  );
}

describe('session limits by role', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { STAFF_SESSION_IDLE_MINUTES: '60', STAFF_SESSION_MAX_HOURS: '12' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ends a doctor session after 60 minutes without a refresh (401 TOKEN_EXPIRED), and keeps one refreshed in time', async () => {
    const idle = await registerUser(t, { role: 'doctor' });
    await age(t, idle, { sinceRefresh: 61, sinceStart: 61 });
    const expired = await refresh(t, idle.refreshToken);
    expect(expired.statusCode, expired.body).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });

    const active = await registerUser(t, { role: 'doctor' });
    await age(t, active, { sinceRefresh: 59, sinceStart: 59 });
    const next = await refresh(t, active.refreshToken);
    expect(next.statusCode, next.body).toBe(200);
    // The idle clock restarts at each refresh.
    expect((await refresh(t, (next.json() as SessionBody).refreshToken)).statusCode).toBe(200);
  });

  it('ends a doctor session 12 hours after sign-in however often it is refreshed', async () => {
    const doctor = await registerUser(t, { role: 'doctor' });
    await age(t, doctor, { sinceRefresh: 1, sinceStart: 12 * 60 + 1 });
    const response = await refresh(t, doctor.refreshToken);
    expect(response.statusCode, response.body).toBe(401);
    expect(response.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('keeps patient sessions to REFRESH_TOKEN_TTL: neither idle for 61 minutes nor 12 hours old ends them', async () => {
    const patient = await registerUser(t);
    await age(t, patient, { sinceRefresh: 13 * 60, sinceStart: 13 * 60 });
    const response = await refresh(t, patient.refreshToken);
    expect(response.statusCode, response.body).toBe(200);
    const [family] = await queryRows<{ days: number }>(t, sql`select extract(epoch from expires_at - created_at) / 86400 as days from session_families where user_id = ${patient.user.id}`);
    expect(Math.round(Number(family!.days))).toBe(30);
  });
});

describe('automatic logoff of patient sessions (PATIENT_SESSION_IDLE_DAYS)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // An absolute lifetime longer than the idle limit, so only the idle limit can end the session.
    t = await startTestApp({ env: { REFRESH_TOKEN_TTL: '90d', PATIENT_SESSION_IDLE_DAYS: '7' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ends a patient session unused for longer than the idle limit (401 TOKEN_EXPIRED), and keeps one used in time', async () => {
    const idle = await registerUser(t);
    await age(t, idle, { sinceRefresh: 7 * 24 * 60 + 1, sinceStart: 7 * 24 * 60 + 1 });
    const expired = await refresh(t, idle.refreshToken);
    expect(expired.statusCode, expired.body).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
    const [family] = await queryRows<{ reason: string }>(t, sql`select revoked_reason as reason from session_families where user_id = ${idle.user.id}`);
    expect(family!.reason).toBe('idle_timeout');

    const active = await registerUser(t);
    await age(t, active, { sinceRefresh: 6 * 24 * 60, sinceStart: 20 * 24 * 60 });
    const next = await refresh(t, active.refreshToken);
    expect(next.statusCode, next.body).toBe(200);
  });

  it('defaults to 30 days', async () => {
    const other = await startTestApp({ env: { REFRESH_TOKEN_TTL: '90d' } });
    try {
      expect(other.config.auth.patientSessionIdleSeconds).toBe(30 * 86_400);
      const patient = await registerUser(other);
      await age(other, patient, { sinceRefresh: 30 * 24 * 60 + 1, sinceStart: 30 * 24 * 60 + 1 });
      expect((await refresh(other, patient.refreshToken)).json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
    } finally {
      await other.close();
    }
  });
});
