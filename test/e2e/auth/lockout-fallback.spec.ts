import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CACHE, type CachePort } from '../../../src/common/cache/cache.port.js';
import { bearer, login, registerUser, strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';

const WRONG = 'not the password at all';

/** Every cache operation fails, as when Redis is unreachable (the real cut is in faults/redis-outage). */
function breakCache(t: TestApp): void {
  const cache = t.app.get<CachePort>(CACHE, { strict: false });
  const down = () => Promise.reject(new Error('connect ECONNREFUSED (test)'));
  for (const method of ['get', 'set', 'delete', 'increment'] as const) vi.spyOn(cache, method).mockImplementation(down);
}

describe('the login lockout while the cache is down', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_LOCKOUT_ATTEMPTS: '3' } });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts failed sign-ins from the audit trail: 3 × 401, then 429 ACCOUNT_LOCKED, even with the right password', async () => {
    const user = await registerUser(t);
    breakCache(t);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(t, user.email, WRONG)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const locked = await login(t, user.email, user.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect(t.logs.some((line) => String(line.msg).includes('counting failed sign-ins from the audit trail'))).toBe(true);
  });

  it('keeps sign-in working, and a success forgives earlier failures as it does with the cache', async () => {
    const user = await registerUser(t);
    breakCache(t);
    expect((await login(t, user.email, WRONG)).statusCode).toBe(401);
    expect((await login(t, user.email, WRONG)).statusCode).toBe(401);
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
    expect((await login(t, user.email, WRONG)).statusCode).toBe(401);
    expect((await login(t, user.email, WRONG)).statusCode).toBe(401);
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('gives a parallel burst of wrong passwords no more than 3 tries', async () => {
    const user = await registerUser(t);
    breakCache(t);
    const responses = await Promise.all(Array.from({ length: 8 }, () => login(t, user.email, WRONG)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // And afterwards the account is locked, the right password included.
    expect((await login(t, user.email, user.password)).statusCode).toBe(429);
  });

  it('counts case-insensitively, as the cache does', async () => {
    const user = await registerUser(t);
    breakCache(t);
    const statuses: number[] = [];
    for (const email of [user.email, user.email.toUpperCase(), user.email, user.email.toUpperCase()]) statuses.push((await login(t, email, WRONG)).statusCode);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
  });

  it('counts every spelling of the address against the account, a parallel burst included', async () => {
    const user = await registerUser(t, { email: uniqueEmail('kirini') });
    breakCache(t);
    // Eight spellings (i or İ, U+0130, at each of three places) that citext folds to one address.
    const spellings = Array.from({ length: 8 }, (_, mask) => dotted(user.email, mask));
    const statuses = (await Promise.all(spellings.map((email) => login(t, email, WRONG)))).map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect((await login(t, dotted(user.email, 0b101), user.password)).statusCode).toBe(429);
  });

  it('counts wrong current passwords on change-password, and a completed reset lifts the lock', async () => {
    const user = await registerUser(t);
    const mailer = t.app.get<DevelopmentMailer>(MAIL);
    // Requested before the outage: the reset-mail limit is counted in the cache.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: user.email } })).statusCode).toBe(202);
    const token = await resetTokenFor(mailer, user.email);
    breakCache(t);
    const change = (currentPassword: string) =>
      t.request({ method: 'POST', url: '/api/v1/auth/change-password', headers: bearer(user.accessToken), payload: { currentPassword, newPassword: strongPassword() } });
    expect((await change(WRONG)).statusCode).toBe(401);
    expect((await change(WRONG)).statusCode).toBe(401);
    expect((await login(t, user.email, WRONG)).statusCode).toBe(401);
    expect((await login(t, user.email, user.password)).statusCode).toBe(429);
    expect((await change(user.password)).statusCode).toBe(429);

    const newPassword = strongPassword();
    const confirmed = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword } });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    expect((await login(t, user.email, newPassword)).statusCode).toBe(200);
  });
});

/** `i` → `İ` (U+0130) at the positions set in `mask`; citext reaches the same account. */
function dotted(email: string, mask: number): string {
  let position = 0;
  return email.replace(/i/g, (letter) => ((mask >> position++) & 1 ? 'İ' : letter));
}

/** The reset mail is sent after the 202; waits for it. */
async function resetTokenFor(mailer: DevelopmentMailer, email: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mailer.outbox.findLast((m) => m.to === email)?.text ?? '')?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no reset mail to ${email}`);
}

describe('the global rate limit while the cache is down', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it('fails open with a warning: requests are served, without RateLimit headers', async () => {
    breakCache(t);
    const responses = await Promise.all(Array.from({ length: 5 }, () => t.request({ method: 'GET', url: '/api/v1/specialties' })));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(responses[0]!.headers['ratelimit']).toBeUndefined();
    expect(t.logs.some((line) => line.level === 40 && String(line.msg).includes('rate limit unavailable'))).toBe(true);
  });
});
