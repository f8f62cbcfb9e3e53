import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { uniqueName } from '../../helpers/lanes.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { book, bookOk, slotStarts } from '../../helpers/scheduling.js';
import type { BootTestApp, TestApp } from '../../helpers/test-app.js';

const LIMIT = 5;

function get(t: TestApp, url: string, headers: Record<string, string> = {}, remoteAddress = '203.0.113.7'): Promise<Response> {
  return t.request({ method: 'GET', url, headers, remoteAddress });
}

function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The per-minute request limits over HTTP, for apps started by `boot`: rate-limits.spec.ts
 * runs it on the lane's cache, test/e2e/redis-topologies on a Redis Cluster. `sharedCache`:
 * two apps booted with one REDIS_KEY_PREFIX share their counters (Redis, not the memory cache).
 */
export function describeRateLimitContract(boot: BootTestApp, { sharedCache }: { sharedCache: boolean }): void {
  describe('the global rate limit', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await boot({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('allows RATE_LIMIT_PER_MINUTE requests a minute per anonymous address, then answers 429 with RateLimit headers and Retry-After', async () => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < LIMIT + 1; i++) {
        last = await get(t, '/api/v1/specialties', {}, '198.51.100.10');
        statuses.push(last.statusCode);
        if (i === 0) {
          expect(last.headers['ratelimit-policy']).toBe(`"global";q=${LIMIT};w=60`);
          expect(last.headers['ratelimit']).toMatch(new RegExp(`^"global";r=${LIMIT - 1};t=\\d+$`));
        }
      }
      expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
      expect(last!.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(last!.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(last!.headers['ratelimit']).toMatch(/^"global";r=0;t=\d+$/);
      // Another address has its own allowance.
      expect((await get(t, '/api/v1/specialties', {}, '198.51.100.11')).statusCode).toBe(200);
    });

    it('counts per user when a valid access token comes with the request, whatever the address', async () => {
      const alice = await registerUser(t);
      const bob = await registerUser(t);
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) statuses.push((await get(t, '/api/v1/appointments', bearer(alice.accessToken), `192.0.2.${i + 1}`)).statusCode);
      expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
      // Bob, and anonymous callers, from one of Alice's addresses are not affected.
      expect((await get(t, '/api/v1/appointments', bearer(bob.accessToken), '192.0.2.1')).statusCode).toBe(200);
      expect((await get(t, '/api/v1/specialties', {}, '192.0.2.1')).statusCode).toBe(200);
    });

    it('leaves /health/* and /metrics to the probe limit, and /api/v1/auth/* to its own limit', async () => {
      for (let i = 0; i < LIMIT * 2; i++) {
        for (const url of ['/health/live', '/health/ready', '/metrics']) {
          const response = await get(t, url, {}, '198.51.100.20');
          expect(response.statusCode, url).toBe(200);
          expect(response.headers['ratelimit-policy'], url).toBe('"probe";q=600;w=60');
        }
      }
      const auth = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.com', password: 'not a password' }, remoteAddress: '198.51.100.20' });
      expect(auth.headers['ratelimit-policy']).toMatch(/^"auth";/);
      // The address has used none of its global allowance.
      expect((await get(t, '/api/v1/specialties', {}, '198.51.100.20')).headers['ratelimit']).toMatch(new RegExp(`^"global";r=${LIMIT - 1};`));
    });
  });

  describe('the probe limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await boot({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    });
    afterAll(() => t?.close());

    it('answers a 601st probe request from one address within a minute with 429, and no other address or route', async () => {
      for (let i = 0; i < 600; i++) {
        const response = await get(t, i % 2 === 0 ? '/health/live' : '/metrics', {}, '198.51.100.30');
        if (response.statusCode !== 200) throw new Error(`request ${i + 1}: ${response.statusCode}`);
      }
      const refused = await get(t, '/health/ready', {}, '198.51.100.30');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['ratelimit']).toMatch(/^"probe";r=0;t=\d+$/);
      expect((await get(t, '/health/live', {}, '198.51.100.31')).statusCode).toBe(200);
      // The probe limit is its own: the address still has all of its global allowance.
      expect((await get(t, '/api/v1/specialties', {}, '198.51.100.30')).headers['ratelimit']).toMatch(new RegExp(`^"global";r=${LIMIT - 1};`));
    });
  });

  describe.skipIf(!sharedCache)('the global rate limit across instances', () => {
    let one: TestApp;
    let two: TestApp;

    beforeAll(async () => {
      const shared = { RATE_LIMIT_PER_MINUTE: String(LIMIT), REDIS_KEY_PREFIX: `${uniqueName('rl')}:` };
      one = await boot({ env: shared });
      two = await boot({ env: shared, databaseUrl: one.databaseUrl });
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
    });

    it('counts one caller\'s requests on every instance together (Redis)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) statuses.push((await get(i % 2 ? two : one, '/api/v1/specialties', {}, '198.51.100.30')).statusCode);
      expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429]);
    });
  });

  describe('the booking rate limit', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await boot({ env: { RATE_LIMIT_BOOKING_PER_MINUTE: '3' } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('allows RATE_LIMIT_BOOKING_PER_MINUTE bookings a minute per patient, then 429 naming the booking policy', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const day = dayAhead(10);
      const starts = await slotStarts(t, doctor, day, day);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: starts[i]! });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
      expect(last!.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(last!.headers['ratelimit-policy']).toContain('"booking";q=3;w=60');
      expect(last!.headers['retry-after']).toMatch(/^\d+$/);
      // Other requests of the same patient, and other patients' bookings, go on.
      expect((await t.request({ method: 'GET', url: '/api/v1/appointments', headers: { authorization: `Bearer ${patient.token}` } })).statusCode).toBe(200);
      const other = await createPatient(t);
      await bookOk(t, other.token, doctor, starts[5]!);
    });
  });
}
