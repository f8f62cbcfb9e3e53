import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeriodicTaskRunner } from '../../src/common/periodic/periodic-task.runner.js';
import { queryRows } from '../helpers/db.js';
import { createBookableDoctor, createPatient } from '../helpers/factories.js';
import { expireHold, holdOk } from '../helpers/holds.js';
import { setNow } from '../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { joinWaitlistOk } from '../helpers/waitlist.js';

describe('holds and waitlist purge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, '2032-03-01T00:00:00.000Z');
  });
  afterAll(() => t.close());

  it('deletes holds spent more than a day ago and entries ended more than a day ago; live ones and open entries stay', async () => {
    const doctor = await createBookableDoctor(t);
    const [a, b, c] = [await createPatient(t), await createPatient(t), await createPatient(t)];
    const old = await holdOk(t, a.token, doctor, '2032-03-08T10:00:00.000Z');
    await expireHold(t, old.id, 30);
    const recent = await holdOk(t, b.token, doctor, '2032-03-08T10:00:00.000Z');
    await expireHold(t, recent.id, 2);
    const live = await holdOk(t, c.token, doctor, '2032-03-08T11:00:00.000Z');
    const open = await joinWaitlistOk(t, a.token, doctor, { from: '2032-03-08T00:00:00.000Z', to: '2032-03-09T00:00:00.000Z' });
    const ended = await joinWaitlistOk(t, b.token, doctor, { from: '2032-03-08T00:00:00.000Z', to: '2032-03-09T00:00:00.000Z' });
    await queryRows(t, sql`update waitlist_entries set ended_at = now() - interval '2 days' where id = ${ended.id}`);

    const counts = await t.app.get(PeriodicTaskRunner).runOnce('scheduling.purge-holds');
    expect(counts).toEqual({ holds: 1, waitlistEntries: 1 });
    const holds = await queryRows<{ id: string }>(t, sql`select id from appointment_holds where doctor_id = ${doctor.doctorId} order by id`);
    expect(holds.map((h) => h.id).sort()).toEqual([recent.id, live.id].sort());
    const entries = await queryRows<{ id: string }>(t, sql`select id from waitlist_entries where doctor_id = ${doctor.doctorId}`);
    expect(entries).toEqual([{ id: open.id }]);
  });
});
