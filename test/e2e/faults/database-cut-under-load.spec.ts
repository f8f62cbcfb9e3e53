import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { createScratchDatabase, onRealPostgres } from '../../helpers/lanes.js';
import { waitFor } from '../../helpers/process.js';
import { book, slotStarts } from '../../helpers/scheduling.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// The database is cut in the middle of a booking load and comes back. Clients retry with
// their Idempotency-Key, as the mobile app does. Afterwards every booking exists exactly once.
describe.skipIf(!onRealPostgres)('a database cut in the middle of a booking load', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    proxy = await TcpProxy.forUrl(scratch.url).start();
    t = await startTestApp({ databaseUrl: proxy.rewrite(scratch.url) });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await scratch?.drop();
  });

  it('answers 503 problem+json while it is down, recovers by itself, and loses or duplicates no booking', async () => {
    const doctor = await createBookableDoctor(t);
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const starts = (await slotStarts(t, doctor, day, day)).slice(0, 16);
    expect(starts).toHaveLength(16);
    const patients = await Promise.all(starts.map((_, i) => createPatient(t, `Load Patient ${i}`)));

    const statuses: number[] = [];
    const nonProblemErrors: string[] = [];
    const bookedIds = new Map<string, string>(); // idempotency key -> appointment id
    const keys = starts.map(() => randomUUID());
    const bodyOf = (i: number) => ({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: starts[i]!, reason: 'load' });
    let readyDuringCut: number | undefined;

    // Eight clients at once, two slots each, one after the other: retry on 503 with the same
    // key until booked. The first booking made cuts the database, so the rest of the load
    // (the other clients' requests in flight, every second booking) meets the cut.
    const clients = Array.from({ length: 8 }, async (_, client) => {
      for (let i = client * 2; i < client * 2 + 2; i++) {
        const deadline = Date.now() + 60_000;
        for (;;) {
          if (Date.now() > deadline) throw new Error(`booking ${i} never succeeded`);
          const response = await book(t, patients[i]!.token, bodyOf(i), { 'idempotency-key': keys[i]! });
          statuses.push(response.statusCode);
          if (response.statusCode >= 400 && !String(response.headers['content-type']).startsWith('application/problem+json')) nonProblemErrors.push(response.body);
          if (response.statusCode === 201) {
            bookedIds.set(keys[i]!, (response.json() as { id: string }).id);
            if (bookedIds.size === 1) {
              proxy.cut();
              readyDuringCut = (await t.request({ method: 'GET', url: '/health/ready' })).statusCode;
            }
            break;
          }
          await new Promise((r) => setTimeout(r, 100)); // a client's back-off, not a wait for the test
        }
      }
    });

    // Restore once the cut has been seen by a booking (not after a guessed time).
    await waitFor(async () => (statuses.includes(503) ? true : undefined), 30_000, 'a booking to meet the cut');
    proxy.restore();
    await Promise.all(clients);
    // Readiness comes back by itself; how fast is for the benchmarks.
    await waitFor(async () => ((await t.request({ method: 'GET', url: '/health/ready' })).statusCode === 200 ? true : undefined), 20_000, 'readiness');

    expect(readyDuringCut).toBe(503);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(nonProblemErrors).toEqual([]);
    expect(bookedIds.size).toBe(starts.length);

    // Every key asked once more, with the database back: a replay of its booking, never a second one.
    for (const [i, key] of keys.entries()) {
      const replay = await book(t, patients[i]!.token, bodyOf(i), { 'idempotency-key': key });
      expect(replay.statusCode, replay.body).toBe(201);
      expect((replay.json() as { id: string }).id).toBe(bookedIds.get(key));
    }

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
