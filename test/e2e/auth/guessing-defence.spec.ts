import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, registerUser, strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import { realRedisUrl } from '../../helpers/lanes.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { describeLockoutContract, failTimes } from './lockout.contract.js';

// On the lane's cache; test/e2e/redis-topologies runs the same suite on a Redis Cluster.
describeLockoutContract(startTestApp, { sharedCache: Boolean(realRedisUrl) });

/**
 * Spellings that reach the same account through citext but that JavaScript lower-cases
 * differently: `i` → `İ` (U+0130) at the positions set in `mask`.
 */
function dotted(email: string, mask: number): string {
  let position = 0;
  return email.replace(/i/g, (letter) => ((mask >> position++) & 1 ? 'İ' : letter));
}

function mixedCase(email: string): string {
  return [...email].map((letter, i) => (i % 2 ? letter.toUpperCase() : letter)).join('');
}

describe('one lockout per account, whatever the spelling of the address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // "kirini" has three i's (eight spellings with İ) and a k (Kelvin sign K, U+212A, also folds to k).
  const registerLookAlikeUser = () => registerUser(t, { email: uniqueEmail('kirini') });

  it('counts İ (U+0130), upper-case, mixed-case and Kelvin-sign spellings against one account', async () => {
    const user = await registerLookAlikeUser();
    const spellings = [dotted(user.email, 0b111), user.email.toUpperCase(), mixedCase(user.email), user.email.replace(/k/g, '\u212A'), dotted(user.email, 0b010)];
    for (const email of spellings) expectProblem(await login(t, email, strongPassword()), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login(t, user.email, user.password), 429, 'ACCOUNT_LOCKED');
  });

  it('refuses the right password through a look-alike spelling once the account is locked', async () => {
    const user = await registerLookAlikeUser();
    await failTimes(t, user.email, 5);
    for (const email of [dotted(user.email, 0b111), dotted(user.email, 0b001), dotted(user.email, 0b101).toUpperCase()]) {
      expectProblem(await login(t, email, user.password), 429, 'ACCOUNT_LOCKED');
    }
  });

  it('gives a guesser rotating through spellings no more than 5 passwords in the window', async () => {
    const user = await registerLookAlikeUser();
    const statuses: number[] = [];
    for (let mask = 0; mask < 8; mask++) statuses.push((await login(t, dotted(user.email, mask), strongPassword())).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('counts the spellings of an address with no account together as well (a lock reveals nothing)', async () => {
    const ghost = uniqueEmail('kirini');
    for (let mask = 1; mask < 6; mask++) expectProblem(await login(t, dotted(ghost, mask), strongPassword()), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login(t, ghost, strongPassword()), 429, 'ACCOUNT_LOCKED');
    expectProblem(await login(t, dotted(ghost, 0b111), strongPassword()), 429, 'ACCOUNT_LOCKED');
  });

  it('refuses to register a look-alike of a registered address', async () => {
    const user = await registerLookAlikeUser();
    const attempt = (email: string) => t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: strongPassword(), fullName: 'Look Alike', role: 'patient' } });
    // Addresses are ASCII (RFC 5321 without SMTPUTF8); the citext unique index catches every other case.
    expectProblem(await attempt(dotted(user.email, 0b111)), 400, 'VALIDATION_FAILED');
    expectProblem(await attempt(user.email.replace(/k/g, '\u212A')), 400, 'VALIDATION_FAILED');
    expectProblem(await attempt(mixedCase(user.email)), 409, 'EMAIL_TAKEN');
  });
});

describe('change-password and the lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const change = (accessToken: string, currentPassword: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/change-password', headers: bearer(accessToken), payload: { currentPassword, newPassword: strongPassword() } });

  it('counts wrong current passwords: after 5, 429 ACCOUNT_LOCKED with Retry-After, there and at login, even with the right password', async () => {
    const user = await registerUser(t);
    for (let i = 0; i < 5; i++) expectProblem(await change(user.accessToken, strongPassword()), 401, 'INVALID_CREDENTIALS');
    const locked = await change(user.accessToken, user.password);
    expectProblem(locked, 429, 'ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expectProblem(await login(t, user.email, user.password), 429, 'ACCOUNT_LOCKED');
    // The password did not change.
    expectProblem(await change(user.accessToken, user.password), 429, 'ACCOUNT_LOCKED');
  });

  it('adds its failures to failed logins: 3 + 2 lock the account', async () => {
    const user = await registerUser(t);
    await failTimes(t, user.email, 3);
    for (let i = 0; i < 2; i++) expectProblem(await change(user.accessToken, strongPassword()), 401, 'INVALID_CREDENTIALS');
    expectProblem(await login(t, user.email, user.password), 429, 'ACCOUNT_LOCKED');
  });

  it('is refused while logins have locked the account', async () => {
    const user = await registerUser(t);
    await failTimes(t, user.email, 5);
    expectProblem(await change(user.accessToken, user.password), 429, 'ACCOUNT_LOCKED');
  });

  it('forgives earlier failures once the right current password is given, as a successful login does', async () => {
    const user = await registerUser(t);
    for (let i = 0; i < 4; i++) expectProblem(await change(user.accessToken, strongPassword()), 401, 'INVALID_CREDENTIALS');
    expect((await change(user.accessToken, user.password)).statusCode).toBe(204);
    await failTimes(t, user.email, 4);
  });
});

describe('per-account lockout with a short window (LOGIN_LOCKOUT_MINUTES)', () => {
  it('uses the configured attempts and minutes', async () => {
    const t = await startTestApp({ env: { LOGIN_LOCKOUT_ATTEMPTS: '2', LOGIN_LOCKOUT_MINUTES: '3' } });
    try {
      const user = await registerUser(t);
      await failTimes(t, user.email, 2);
      const locked = expectProblem(await login(t, user.email, user.password), 429, 'ACCOUNT_LOCKED');
      expect(locked.detail).toMatch(/3 min/);
    } finally {
      await t.close();
    }
  });
});

describe('per-address rate limit on /api/v1/auth/*', () => {
  it('answers 429 RATE_LIMITED with Retry-After and RateLimit headers past RATE_LIMIT_AUTH_PER_MINUTE', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: uniqueEmail(), password: 'whatever-123' } });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const body = expectProblem(last!, 429, 'RATE_LIMITED');
      expect(body.detail).toEqual(expect.any(String));
      const retryAfter = Number(last!.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(last!.headers['ratelimit-policy']).toBe('"auth";q=3;w=60');
      expect(last!.headers.ratelimit).toMatch(/^"auth";r=0;t=\d+$/);
      // Every auth endpoint shares the budget; other paths are not limited by it.
      expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 'x' } }), 429, 'RATE_LIMITED');
      expect((await t.request({ method: 'GET', url: '/api/v1/specialties' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const untrusting = await startTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '2', TRUST_PROXY: 'false' } });
    try {
      const statuses = [];
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        statuses.push((await untrusting.request({ method: 'POST', url: '/api/v1/auth/login', payload: {}, headers: { 'x-forwarded-for': ip } })).statusCode);
      }
      expect(statuses).toEqual([400, 400, 429]);
    } finally {
      await untrusting.close();
    }

    const trusting = await startTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '2', TRUST_PROXY: 'true' } });
    try {
      const statuses = [];
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.1', '203.0.113.1']) {
        statuses.push((await trusting.request({ method: 'POST', url: '/api/v1/auth/login', payload: {}, headers: { 'x-forwarded-for': ip } })).statusCode);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 429]);
    } finally {
      await trusting.close();
    }
  });

  it('counts requests before the body is read (malformed JSON counts too)', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '1' } });
    try {
      const bad = { method: 'POST' as const, url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' };
      expect((await t.request(bad)).statusCode).toBe(400);
      expectProblem(await t.request(bad), 429, 'RATE_LIMITED');
    } finally {
      await t.close();
    }
  });
});
