import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, onRealPostgres } from '../../helpers/lanes.js';
import { book, createDoctor, createPatient, slotStarts, startSchedulingApp } from '../../helpers/scheduling.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';
import type { TestApp } from '../../helpers/test-app.js';

// The database is cut in the middle of a booking load and comes back. Clients retry with
// their Idempotency-Key, as the mobile app does. Afterwards every booking exists exactly once.
describe.skipIf(!onRealPostgres)('a database cut in the middle of a booking load', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    proxy = await TcpProxy.forUrl(scratch.url).start();
    t = await startSchedulingApp({ databaseUrl: proxy.rewrite(scratch.url) });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await scratch?.drop();
  });

  it('answers 503 problem+json while it is down, recovers within 5 s, and loses or duplicates no booking', async () => {
    const doctor = await createDoctor(t);
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const starts = (await slotStarts(t, doctor, day, day)).slice(0, 16);
    expect(starts).toHaveLength(16);
    const patients = await Promise.all(starts.map((_, i) => createPatient(t, `Load Patient ${i}`)));

    const statuses: number[] = [];
    const nonProblemErrors: string[] = [];
    const bookedIds = new Map<string, string>(); // idempotency key -> appointment id
    const keys = starts.map(() => randomUUID());

    // One client per slot: retry on 503 with the same key until booked.
    const clients = starts.map(async (start, i) => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const response = await book(t, patients[i]!.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start, reason: 'load' }, { 'idempotency-key': keys[i]! });
        statuses.push(response.statusCode);
        if (response.statusCode >= 400 && !String(response.headers['content-type']).startsWith('application/problem+json')) nonProblemErrors.push(response.body);
        if (response.statusCode === 201) {
          const id = (response.json() as { id: string }).id;
          const earlier = bookedIds.get(keys[i]!);
          if (earlier) expect(id).toBe(earlier);
          bookedIds.set(keys[i]!, id);
          // Ask once more with the same key: a replay, never a second booking.
          const replay = await book(t, patients[i]!.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start, reason: 'load' }, { 'idempotency-key': keys[i]! });
          if (replay.statusCode === 201) expect((replay.json() as { id: string }).id).toBe(id);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    await new Promise((r) => setTimeout(r, 50));
    proxy.cut();
    const readyDuringCut = await t.request({ method: 'GET', url: '/health/ready' });
    await new Promise((r) => setTimeout(r, 1_500));
    proxy.restore();
    const restoredAt = Date.now();
    await Promise.all(clients);
    let recoveredIn = Number.POSITIVE_INFINITY;
    for (;;) {
      if ((await t.request({ method: 'GET', url: '/health/ready' })).statusCode === 200) {
        recoveredIn = Date.now() - restoredAt;
        break;
      }
      if (Date.now() - restoredAt > 10_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    expect(readyDuringCut.statusCode).toBe(503);
    expect(statuses).toContain(503);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(nonProblemErrors).toEqual([]);
    expect(recoveredIn).toBeLessThan(5_000);
    expect(bookedIds.size).toBe(starts.length);

    // The truth, read around the proxy: exactly one confirmed appointment per slot and key.
    const direct = new pg.Client({ connectionString: scratch.url });
    await direct.connect();
    try {
      const { rows } = await direct.query<{ id: string; start_at: Date; patient_id: string }>(
        `select id, start_at, patient_id from appointments where doctor_id = $1 and status = 'confirmed' order by start_at`,
        [doctor.doctorId],
      );
      expect(rows.map((r) => r.start_at.toISOString())).toEqual(starts.map((s) => new Date(s).toISOString()));
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(bookedIds.values()));
    } finally {
      await direct.end();
    }
  });
});
