import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, refresh, registerUser, startAuthTestApp, type SessionBody } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import type { TestApp } from '../../helpers/test-app.js';

describe('auth: refresh tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startAuthTestApp();
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
    const second = (await refresh(t, first.refreshToken)).json() as SessionBody;
    const third = (await refresh(t, second.refreshToken)).json() as SessionBody;

    expectProblem(await refresh(t, first.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await refresh(t, third.refreshToken), 401, 'UNAUTHENTICATED');
    // The family's access token is refused at once as well.
    expectProblem(await getMe(t, third.accessToken), 401, 'UNAUTHENTICATED');
    // Other sessions of the same user are not affected.
    const elsewhere = await registerUser(t);
    expect((await refresh(t, elsewhere.refreshToken)).statusCode).toBe(200);
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
    t = await startAuthTestApp({ env: { REFRESH_TOKEN_TTL: '2s' } });
  });
  afterAll(() => t.close());

  it('stops refreshing when the family is older than REFRESH_TOKEN_TTL, however often it was rotated', async () => {
    const session = await registerUser(t);
    let token = session.refreshToken;
    for (let i = 0; i < 2; i++) {
      const next = await refresh(t, token);
      expect(next.statusCode).toBe(200);
      token = (next.json() as SessionBody).refreshToken;
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expectProblem(await refresh(t, token), 401, 'TOKEN_EXPIRED');
  });
});
