import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenValidity } from '../../../src/common/auth/token-validity.service.js';
import { TokenRevocation } from '../../../src/modules/auth/token-revocation.service.js';
import { bearer, getMe, login, refresh, registerUser, strongPassword, type SessionBody } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('auth: access tokens', () => {
  let t: TestApp;
  let session: SessionBody;
  let key: Uint8Array;
  beforeAll(async () => {
    t = await startTestApp();
    session = await registerUser(t);
    key = new TextEncoder().encode(t.config.jwt.accessSecret);
  });
  afterAll(() => t.close());

  /** A token exactly like the server's, with `changes` applied; signed with the real key unless told. */
  async function forge(changes: { claims?: Record<string, unknown>; header?: Record<string, unknown>; secret?: Uint8Array } = {}): Promise<string> {
    const claims = { ...decodeJwt(session.accessToken), ...changes.claims };
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...changes.header } as { alg: string }).sign(changes.secret ?? key);
  }

  it('accepts the genuine token, and a token re-signed unchanged (the forgery helper is faithful)', async () => {
    expect((await getMe(t, session.accessToken)).statusCode).toBe(200);
    expect((await getMe(t, await forge())).statusCode).toBe(200);
  });

  it('refuses a token whose payload was edited', async () => {
    const [header, , signature] = session.accessToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(session.accessToken), role: 'admin' })).toString('base64url');
    expectProblem(await getMe(t, `${header}.${payload}.${signature}`), 401, 'UNAUTHENTICATED');
  });

  it('refuses alg "none"', async () => {
    const unsigned = new UnsecuredJWT(decodeJwt(session.accessToken)).encode();
    expectProblem(await getMe(t, unsigned), 401, 'UNAUTHENTICATED');
    const [, payload] = session.accessToken.split('.');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    expectProblem(await getMe(t, `${noneHeader}.${payload}.`), 401, 'UNAUTHENTICATED');
  });

  it('refuses another algorithm, even with the right key (HS512)', async () => {
    const claims = decodeJwt(session.accessToken);
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512', typ: 'at+jwt' }).sign(key);
    expectProblem(await getMe(t, hs512), 401, 'UNAUTHENTICATED');
  });

  it('refuses a wrong signature', async () => {
    expectProblem(await getMe(t, await forge({ secret: new TextEncoder().encode('another-secret-another-secret-1234') })), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, await forge({ secret: new TextEncoder().encode(t.config.jwt.refreshSecret) })), 401, 'UNAUTHENTICATED');
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await forge({ claims: { iat: past, iat_ms: past * 1000, exp: past + 900 } });
    expectProblem(await getMe(t, expired), 401, 'TOKEN_EXPIRED');
  });

  it('refuses a wrong issuer or audience, or none', async () => {
    expectProblem(await getMe(t, await forge({ claims: { iss: 'someone-else' } })), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, await forge({ claims: { aud: 'another-api' } })), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, await forge({ claims: { iss: undefined } })), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, await forge({ claims: { aud: undefined } })), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, await forge({ claims: { exp: undefined } })), 401, 'UNAUTHENTICATED');
  });

  it('refuses a token of another type', async () => {
    expectProblem(await getMe(t, await forge({ header: { typ: 'JWT' } })), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, await forge({ claims: { token_use: 'refresh' } })), 401, 'UNAUTHENTICATED');
    expectProblem(await getMe(t, await forge({ claims: { role: 'superuser' } })), 401, 'UNAUTHENTICATED');
  });

  it('refuses a refresh token used as an access token', async () => {
    expectProblem(await getMe(t, session.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('refuses malformed Authorization headers', async () => {
    for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', `Token ${session.accessToken}`, 'Bearer not.a.jwt', `Bearer ${session.accessToken}x`]) {
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } }), 401, 'UNAUTHENTICATED');
    }
  });

  describe('logout-all', () => {
    it('ends every session and refuses access tokens issued before it, at once', async () => {
      const first = await registerUser(t);
      const second = (await login(t, first.email, first.password)).json() as SessionBody;
      expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(second.accessToken) })).statusCode).toBe(204);
      for (const s of [first, second]) {
        expectProblem(await getMe(t, s.accessToken), 401, 'UNAUTHENTICATED');
        expectProblem(await refresh(t, s.refreshToken), 401, 'UNAUTHENTICATED');
      }
    });

    it('does not refuse a token issued right after it, even within the same second', async () => {
      const user = await registerUser(t);
      for (let i = 0; i < 3; i++) {
        const before = (await login(t, user.email, user.password)).json() as SessionBody;
        expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(before.accessToken) })).statusCode).toBe(204);
        const after = (await login(t, user.email, user.password)).json() as SessionBody;
        expect((await getMe(t, after.accessToken)).statusCode).toBe(200);
        expectProblem(await getMe(t, before.accessToken), 401, 'UNAUTHENTICATED');
      }
    });

    it('refuses a token issued in the very millisecond of a logout-all: which came first cannot be told', async () => {
      const user = await registerUser(t);
      const validity = t.app.get(TokenValidity, { strict: false });
      const at = Date.now() + 60_000;
      await t.app.get(TokenRevocation, { strict: false }).revokeBefore(user.user.id, at);
      expect(await validity.accepts(user.user.id, randomUUID(), at - 1)).toBe(false);
      expect(await validity.accepts(user.user.id, randomUUID(), at)).toBe(false);
      expect(await validity.accepts(user.user.id, randomUUID(), at + 1)).toBe(true);
    });

    it('needs a signed-in caller', async () => {
      expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/logout-all' }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('change-password', () => {
    const change = (accessToken: string, payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v1/auth/change-password', headers: bearer(accessToken), payload });

    it('changes the password, ends other sessions, keeps this one refreshable, refuses older access tokens', async () => {
      const mine = await registerUser(t);
      const other = (await login(t, mine.email, mine.password)).json() as SessionBody;
      const newPassword = strongPassword();
      expect((await change(mine.accessToken, { currentPassword: mine.password, newPassword })).statusCode).toBe(204);

      expectProblem(await login(t, mine.email, mine.password), 401, 'INVALID_CREDENTIALS');
      expect((await login(t, mine.email, newPassword)).statusCode).toBe(200);
      expectProblem(await getMe(t, other.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await refresh(t, other.refreshToken), 401, 'UNAUTHENTICATED');
      expectProblem(await getMe(t, mine.accessToken), 401, 'UNAUTHENTICATED');
      const continued = await refresh(t, mine.refreshToken);
      expect(continued.statusCode, continued.body).toBe(200);
      expect((await getMe(t, (continued.json() as SessionBody).accessToken)).statusCode).toBe(200);
    });

    it('needs the right current password (401) and a good new one (400)', async () => {
      const user = await registerUser(t);
      expectProblem(await change(user.accessToken, { currentPassword: 'wrong-password-1', newPassword: strongPassword() }), 401, 'INVALID_CREDENTIALS');
      expectProblem(await change(user.accessToken, { currentPassword: user.password, newPassword: 'password123' }), 400, 'VALIDATION_FAILED');
      expectProblem(await change(user.accessToken, { currentPassword: user.password, newPassword: 'short' }), 400, 'VALIDATION_FAILED');
      expect((await login(t, user.email, user.password)).statusCode).toBe(200);
    });
  });
});

describe('auth: ACCESS_TOKEN_TTL', () => {
  it('sets expiresIn and the token stops working when it passes (401 TOKEN_EXPIRED)', async () => {
    const t = await startTestApp({ env: { ACCESS_TOKEN_TTL: '2s' } });
    try {
      const session = await registerUser(t);
      expect(session.expiresIn).toBe(2);
      const { iat, exp } = decodeJwt(session.accessToken);
      expect(exp! - iat!).toBe(2);
      // The token check reads the process clock: stand it just before, then just after, the expiry.
      vi.useFakeTimers({ toFake: ['Date'], now: exp! * 1000 - 1 });
      expect((await getMe(t, session.accessToken)).statusCode).toBe(200);
      vi.setSystemTime(exp! * 1000);
      expectProblem(await getMe(t, session.accessToken), 401, 'TOKEN_EXPIRED');
      const renewed = await refresh(t, session.refreshToken);
      expect(renewed.statusCode, renewed.body).toBe(200);
      expect((await getMe(t, (renewed.json() as SessionBody).accessToken)).statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
      await t.close();
    }
  });
});
