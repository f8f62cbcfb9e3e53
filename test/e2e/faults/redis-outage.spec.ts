import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../helpers/auth.js';
import { onRealPostgres, realRedisUrl } from '../../helpers/lanes.js';
import { bookOk, createDoctor, createPatient, slotStarts, startSchedulingApp } from '../../helpers/scheduling.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';
import type { TestApp } from '../../helpers/test-app.js';

// Redis is cut while the app runs. What must keep working keeps working, from the database;
// what protects accounts keeps protecting them.
describe.skipIf(!onRealPostgres || !realRedisUrl)('a Redis outage', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await TcpProxy.forUrl(realRedisUrl!).start();
    t = await startSchedulingApp({ env: { REDIS_URL: proxy.rewrite(realRedisUrl!), LOGIN_LOCKOUT_ATTEMPTS: '3' } });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
  });

  it('keeps search, profiles, slots and booking working from the database', async () => {
    const doctor = await createDoctor(t);
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
    const patient = await createPatient(t);
    proxy.cut();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(t, patient.email, 'not the password at all')).statusCode);
      // Never more guesses than the rule allows: after 3 failures, no more password checks.
      expect(statuses.slice(0, 3).every((s) => s === 401 || s === 503)).toBe(true);
      expect(statuses.slice(3).every((s) => s === 429 || s === 503)).toBe(true);
      expect(statuses).not.toContain(500);
    } finally {
      proxy.restore();
    }
  });
});
