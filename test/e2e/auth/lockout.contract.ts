import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import { login, registerUser, strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import type { BootTestApp, TestApp } from '../../helpers/test-app.js';

export async function failTimes(t: TestApp, email: string, times: number, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < times; i++) expectProblem(await login(t, email, strongPassword(), headers), 401, 'INVALID_CREDENTIALS');
}

/**
 * The per-account lockout over HTTP, for apps started by `boot`: guessing-defence.spec.ts runs
 * it on the lane's cache, test/e2e/redis-topologies on a Redis Cluster. `sharedCache`: two apps
 * booted with one REDIS_KEY_PREFIX share their counters (Redis, not the memory cache).
 */
export function describeLockoutContract(boot: BootTestApp, { sharedCache }: { sharedCache: boolean }): void {
  describe('per-account lockout', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await boot({ env: { TRUST_PROXY: 'true' } });
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

  describe('a password reset and the lockout', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await boot();
    });
    afterAll(() => t.close());

    /** The token of the reset mail to `email` (NODE_ENV=test: kept in the development mailer's outbox, sent after the 202). */
    async function resetToken(email: string): Promise<string> {
      const outbox = t.app.get<DevelopmentMailer>(MAIL).outbox;
      return vi.waitFor(() => {
        const token = /#token=([A-Za-z0-9_-]{43})/.exec(outbox.findLast((m) => m.to === email)?.text ?? '')?.[1];
        if (!token) throw new Error(`no reset mail to ${email} yet`);
        return token;
      });
    }

    it('lifts the lock: the new password signs in at once', async () => {
      const user = await registerUser(t);
      await failTimes(t, user.email, 5);
      expectProblem(await login(t, user.email, user.password), 429, 'ACCOUNT_LOCKED');
      expect((await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: user.email } })).statusCode).toBe(202);
      const newPassword = strongPassword();
      const confirmed = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token: await resetToken(user.email), newPassword } });
      expect(confirmed.statusCode, confirmed.body).toBe(204);
      const session = await login(t, user.email, newPassword);
      expect(session.statusCode, session.body).toBe(200);
    });
  });

  // Two instances can share a lockout only through Redis; the embedded lane's memory cache is per process.
  describe.skipIf(!sharedCache)('lockout and rate limit across two instances sharing Redis', () => {
    let first: TestApp;
    let second: TestApp;
    beforeAll(async () => {
      const env = { TRUST_PROXY: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '20' };
      first = await boot({ env });
      const sharedPrefix = first.config.cache.kind === 'redis' ? first.config.cache.keyPrefix : '';
      second = await boot({ databaseUrl: first.databaseUrl, env: { ...env, REDIS_KEY_PREFIX: sharedPrefix } });
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
}
