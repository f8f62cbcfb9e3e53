import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, registerUser, strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import { realRedisUrl } from '../../helpers/lanes.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

async function failTimes(t: TestApp, email: string, times: number, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < times; i++) expectProblem(await login(t, email, strongPassword(), headers), 401, 'INVALID_CREDENTIALS');
}

describe('per-account lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('locks after 5 failures: 429 ACCOUNT_LOCKED with Retry-After ~15 min, even with the right password', async () => {
    const user = await registerUser(t);
    await failTimes(t, user.email, 5);
    const locked = await login(t, user.email, user.password);
    expectProblem(locked, 429, 'ACCOUNT_LOCKED');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('holds from any address and in any e-mail case', async () => {
    const user = await registerUser(t);
    await failTimes(t, user.email, 5, { 'x-forwarded-for': '203.0.113.1' });
    expectProblem(await login(t, user.email.toUpperCase(), user.password, { 'x-forwarded-for': '198.51.100.7' }), 429, 'ACCOUNT_LOCKED');
  });

  it('does not lock after 4 failures, and a success resets the count', async () => {
    const user = await registerUser(t);
    await failTimes(t, user.email, 4);
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
    await failTimes(t, user.email, 4);
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('locks unknown e-mails the same way (no account enumeration)', async () => {
    const email = uniqueEmail('ghost');
    await failTimes(t, email, 5);
    expectProblem(await login(t, email, strongPassword()), 429, 'ACCOUNT_LOCKED');
  });

  it('lets a burst of parallel guesses try at most 5 passwords', async () => {
    const user = await registerUser(t);
    const responses = await Promise.all(Array.from({ length: 12 }, () => login(t, user.email, strongPassword())));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
    expectProblem(await login(t, user.email, user.password), 429, 'ACCOUNT_LOCKED');
  });

  it('never locks an account over a burst of correct sign-ins (several devices at once)', async () => {
    const user = await registerUser(t);
    const responses = await Promise.all(Array.from({ length: 10 }, () => login(t, user.email, user.password)));
    for (const r of responses) expect([200, 429]).toContain(r.statusCode);
    expect(responses.some((r) => r.statusCode === 200)).toBe(true);
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('does not lock other accounts', async () => {
    const victim = await registerUser(t);
    const bystander = await registerUser(t);
    await failTimes(t, victim.email, 5);
    expect((await login(t, bystander.email, bystander.password)).statusCode).toBe(200);
  });
});

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

// Two instances can share a lockout only through Redis; the embedded lane's memory cache is per process.
describe.skipIf(!realRedisUrl)('lockout and rate limit across two instances sharing Redis', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    const env = { TRUST_PROXY: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '20' };
    first = await startTestApp({ env });
    const sharedPrefix = first.config.cache.kind === 'redis' ? first.config.cache.keyPrefix : '';
    second = await startTestApp({ databaseUrl: first.databaseUrl, env: { ...env, REDIS_KEY_PREFIX: sharedPrefix } });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('counts failures on both instances and locks on both', async () => {
    const user = await registerUser(first);
    await failTimes(first, user.email, 3);
    await failTimes(second, user.email, 2);
    expectProblem(await login(first, user.email, user.password), 429, 'ACCOUNT_LOCKED');
    expectProblem(await login(second, user.email, user.password), 429, 'ACCOUNT_LOCKED');
  });

  it('shares one per-address budget between the instances', async () => {
    const headers = { 'x-forwarded-for': '192.0.2.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const instance = i % 2 === 0 ? first : second;
      statuses.push((await instance.request({ method: 'POST', url: '/api/v1/auth/login', payload: {}, headers })).statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
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
