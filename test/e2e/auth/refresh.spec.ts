import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, login, refresh, registerUser, type SessionBody } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('auth: refresh tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const logout = (refreshToken: string) => t.request({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken } });

  it('rotates: each refresh answers a new Session and spends the presented token', async () => {
    const first = await registerUser(t);
    const second = await refresh(t, first.refreshToken);
    expect(second.statusCode, second.body).toBe(200);
    const body = second.json() as SessionBody;
    expect(body).toMatchObject({ user: first.user, tokenType: 'Bearer', expiresIn: 900 });
    expect(body.refreshToken).not.toBe(first.refreshToken);
    expect((await getMe(t, body.accessToken)).statusCode).toBe(200);
    const third = await refresh(t, body.refreshToken);
    expect(third.statusCode).toBe(200);
  });

  it('ends the whole family when a rotated token comes back: 401 REFRESH_TOKEN_REUSED, and the newest token dies too', async () => {
    const first = await registerUser(t);
    // The same user signed in on another device: a session of its own, a family of its own.
    const elsewhere = (await login(t, first.email, first.password)).json() as SessionBody;
    const second = (await refresh(t, first.refreshToken)).json() as SessionBody;
    const third = (await refresh(t, second.refreshToken)).json() as SessionBody;

    expectProblem(await refresh(t, first.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await refresh(t, third.refreshToken), 401, 'UNAUTHENTICATED');
    // The family's access token is refused at once as well.
    expectProblem(await getMe(t, third.accessToken), 401, 'UNAUTHENTICATED');
    // The user's other session is not affected: its access token works and it still refreshes.
    expect((await getMe(t, elsewhere.accessToken)).statusCode).toBe(200);
    const continued = await refresh(t, elsewhere.refreshToken);
    expect(continued.statusCode, continued.body).toBe(200);
    expect((await getMe(t, (continued.json() as SessionBody).accessToken)).statusCode).toBe(200);
  });

  it('never yields two usable refresh tokens from five parallel refreshes of one token', async () => {
    for (let round = 0; round < 3; round++) {
      const session = await registerUser(t);
      const responses = await Promise.all(Array.from({ length: 5 }, () => refresh(t, session.refreshToken)));
      const ok = responses.filter((r) => r.statusCode === 200);
      expect(ok.length).toBeLessThanOrEqual(1);
      for (const r of responses.filter((r) => r.statusCode !== 200)) {
        expect(r.statusCode).toBe(401);
        expect(['REFRESH_TOKEN_REUSED', 'UNAUTHENTICATED']).toContain(r.json().code);
      }
      // Every refresh token handed out, tried again: at most one still works.
      const issued = ok.map((r) => (r.json() as SessionBody).refreshToken);
      const usable = (await Promise.all(issued.map((token) => refresh(t, token)))).filter((r) => r.statusCode === 200);
      expect(usable.length).toBeLessThanOrEqual(1);
    }
  });

  it('answers 401 to an unknown, malformed or empty token', async () => {
    expectProblem(await refresh(t, 'A'.repeat(43)), 401, 'UNAUTHENTICATED');
    expectProblem(await refresh(t, 'not a token'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: {} }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 'x', extra: 1 } }), 400, 'VALIDATION_FAILED');
  });

  it('logout ends that session only, and is idempotent', async () => {
    const user = await registerUser(t);
    const other = await refresh(t, (await registerUser(t)).refreshToken);
    expect((await logout(user.refreshToken)).statusCode).toBe(204);
    expectProblem(await refresh(t, user.refreshToken), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, user.accessToken), 401, 'UNAUTHENTICATED');
    expect((await logout(user.refreshToken)).statusCode).toBe(204);
    expect((await logout('B'.repeat(43))).statusCode).toBe(204);
    expect(other.statusCode).toBe(200);
    expect((await refresh(t, (other.json() as SessionBody).refreshToken)).statusCode).toBe(200);
  });
});

describe('auth: refresh-token families expire absolutely', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { REFRESH_TOKEN_TTL: '1h' } });
  });
  afterAll(() => t.close());

  /** Moves the user's sessions `minutes` into the past, as if that much time had gone by. */
  async function age(userId: string, minutes: number): Promise<void> {
    const by = sql`make_interval(mins => ${minutes})`;
    await queryRows(t, sql`update refresh_tokens set created_at = created_at - ${by} where family_id in (select id from session_families where user_id = ${userId})`);
    await queryRows(t, sql`update session_families set created_at = created_at - ${by}, expires_at = expires_at - ${by} where user_id = ${userId}`);
  }

  it('stops refreshing when the family is older than REFRESH_TOKEN_TTL, however often it was rotated', async () => {
    const session = await registerUser(t);
    let token = session.refreshToken;
    const rotate = async () => {
      const next = await refresh(t, token);
      expect(next.statusCode, next.body).toBe(200);
      token = (next.json() as SessionBody).refreshToken;
    };
    await age(session.user.id, 30);
    await rotate();
    await age(session.user.id, 29);
    await rotate(); // 59 minutes into a one-hour family: still alive, and rotating did not extend it
    await age(session.user.id, 2);
    expectProblem(await refresh(t, token), 401, 'TOKEN_EXPIRED');
  });
});
