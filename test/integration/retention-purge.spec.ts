import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeriodicTaskRunner } from '../../src/common/periodic/periodic-task.runner.js';
import { queryRows } from '../helpers/db.js';
import { insertAppointment, insertBookableDoctor, insertUser, remaining, sqlAgo, type Ago } from '../helpers/rows/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const TASK = 'scheduling.purge-retained-appointments';

describe('retained appointments of deleted accounts', () => {
  let t: TestApp;
  let runner: PeriodicTaskRunner;
  beforeAll(async () => {
    t = await startTestApp({ env: { PURGE_BATCH_SIZE: '2' } });
    runner = t.app.get(PeriodicTaskRunner);
  });
  afterAll(() => t.close());

  /** A visit whose `retain_until` lies `ago` back (negative: ahead; null: never deleted, not retained). */
  async function visitRetainedUntil(ago: Ago | null): Promise<string> {
    const doctor = await insertBookableDoctor(t);
    const patient = await insertUser(t);
    const id = await insertAppointment(t, { type: doctor.type, patientId: patient.userId });
    await queryRows(t, sql`update appointments set retain_until = ${sqlAgo(ago)} where id = ${id}`);
    return id;
  }

  it('are deleted once retain_until has passed, a batch per statement, each with an audit row; retained and ordinary ones stay', async () => {
    const ended = [await visitRetainedUntil('1 day'), await visitRetainedUntil('1 minute'), await visitRetainedUntil('3 years')];
    const kept = [await visitRetainedUntil('-1 day'), await visitRetainedUntil('-9 years'), await visitRetainedUntil(null)];

    expect(await runner.runOnce(TASK)).toEqual({ appointments: 3 });

    expect(await remaining(t, 'appointments', [...ended, ...kept])).toEqual([...kept].sort());
    expect(t.logs.at(-1)).toMatchObject({ task: TASK, batches: 2, deleted: { appointments: 3 }, msg: 'purged' });
    const audited = await queryRows<{ resource_id: string; actor_id: string | null; outcome: string }>(
      t,
      sql`select resource_id, actor_id, outcome from audit_events where action = 'appointment.purge_retained' and resource_type = 'appointment' order by resource_id`,
    );
    expect(audited).toEqual([...ended].sort().map((id) => ({ resource_id: id, actor_id: null, outcome: 'success' })));
    expect(await runner.runOnce(TASK)).toEqual({ appointments: 0 });
  });

  it("leave a review of one in place, detached from it (the rating still counts for the doctor)", async () => {
    const id = await visitRetainedUntil('1 hour');
    const [visit] = await queryRows<{ doctor_id: string; patient_id: string }>(t, sql`select doctor_id, patient_id from appointments where id = ${id}`);
    const [review] = await queryRows<{ id: string }>(
      t,
      sql`insert into reviews (appointment_id, doctor_id, patient_id, rating, anonymous) values (${id}, ${visit!.doctor_id}, ${visit!.patient_id}, 4, true) returning id`,
    );

    expect(await runner.runOnce(TASK)).toEqual({ appointments: 1 });

    expect(await remaining(t, 'appointments', [id])).toEqual([]);
    const [after] = await queryRows<{ appointment_id: string | null; rating: number }>(t, sql`select appointment_id, rating from reviews where id = ${review!.id}`);
    expect(after).toEqual({ appointment_id: null, rating: 4 });
  });
});
