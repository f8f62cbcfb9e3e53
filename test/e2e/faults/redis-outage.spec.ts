import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, registerUser } from '../../helpers/auth.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { onRealPostgres, realRedisUrl } from '../../helpers/lanes.js';
import { bookOk, slotStarts } from '../../helpers/scheduling.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// Redis is cut while the app runs. What must keep working keeps working, from the database;
// what protects accounts keeps protecting them.
describe.skipIf(!onRealPostgres || !realRedisUrl)('a Redis outage', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await TcpProxy.forUrl(realRedisUrl!).start();
    t = await startTestApp({ env: { REDIS_URL: proxy.rewrite(realRedisUrl!), LOGIN_LOCKOUT_ATTEMPTS: '3' } });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
  });

  it('keeps search, profiles, slots and booking working from the database', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const day = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const [first, second] = await slotStarts(t, doctor, day, day);

    proxy.cut();
    expect((await t.request({ method: 'GET', url: '/api/v1/doctors?q=dr' })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` })).statusCode).toBe(200);
    const slots = await slotStarts(t, doctor, day, day);
    expect(slots).toContain(first);
    await bookOk(t, patient.token, doctor, first!);
    // The very next slots response reflects the booking, cache or no cache.
    expect(await slotStarts(t, doctor, day, day)).not.toContain(first);
    proxy.restore();
    await bookOk(t, patient.token, doctor, second!);
  });

  it('keeps the login lockout safe: wrong passwords still lock the account while Redis is down', async () => {
    const patient = await registerUser(t);
    proxy.cut();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(t, patient.email, 'not the password at all')).statusCode);
      // Sign-in keeps working (failed logins are counted from the audit trail) and never more
      // guesses than the rule allows: after 3 failures, no more password checks.
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const correct = await login(t, patient.email, patient.password);
      expect(correct.statusCode).toBe(429);
      expect(correct.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    } finally {
      proxy.restore();
    }
  });

  it('keeps signing in working for other accounts while Redis is down', async () => {
    const patient = await registerUser(t);
    proxy.cut();
    try {
      expect((await login(t, patient.email, patient.password)).statusCode).toBe(200);
    } finally {
      proxy.restore();
    }
  });
});

describe.skipIf(!onRealPostgres || !realRedisUrl)('the global rate limit during a Redis outage', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await TcpProxy.forUrl(realRedisUrl!).start();
    t = await startTestApp({ env: { REDIS_URL: proxy.rewrite(realRedisUrl!), RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
  });

  it('fails open with a warning, so the outage does not take the API down, and limits again once Redis is back', async () => {
    const get = () => t.request({ method: 'GET', url: '/api/v1/specialties', remoteAddress: '198.51.100.40' });
    const before: number[] = [];
    for (let i = 0; i < 4; i++) before.push((await get()).statusCode);
    expect(before).toEqual([200, 200, 200, 429]);

    proxy.cut();
    try {
      const during: number[] = [];
      for (let i = 0; i < 4; i++) during.push((await get()).statusCode);
      expect(during).toEqual([200, 200, 200, 200]);
      expect(t.logs.some((line) => line.level === 40 && String(line.msg).includes('rate limit unavailable'))).toBe(true);
    } finally {
      proxy.restore();
    }

    // The window's counter is still in Redis: once reconnected, the address is limited again.
    await expect.poll(async () => (await get()).statusCode, { timeout: 10_000, interval: 250 }).toBe(429);
  });
});
