import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeriodicTaskRunner } from '../../src/common/periodic/periodic-task.runner.js';
import { IdempotencyRepository } from '../../src/modules/scheduling/appointments/idempotency.repository.js';
import { OutboxRepository } from '../../src/modules/scheduling/notifications/outbox.repository.js';
import { queryRows } from '../helpers/db.js';
import { insertAppointment, insertBookableDoctor, insertIdempotencyRecord, insertOutboxMessage, insertUser, remaining, sqlAgo, type Ago } from '../helpers/rows/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('scheduling purges', () => {
  let t: TestApp;
  let runner: PeriodicTaskRunner;
  beforeAll(async () => {
    t = await startTestApp({ env: { PURGE_BATCH_SIZE: '2' } });
    runner = t.app.get(PeriodicTaskRunner);
  });
  afterAll(() => t.close());

  const keysOf = async (userId: string) => (await queryRows<{ key: string }>(t, sql`select key from idempotency_keys where user_id = ${userId} order by key`)).map((r) => r.key);

  describe('expired idempotency records', () => {
    it('are deleted at most a batch per statement; records under 24 h old stay', async () => {
      const { userId } = await insertUser(t);
      for (let i = 0; i < 3; i++) await insertIdempotencyRecord(t, userId, '25 hours');
      const live = [await insertIdempotencyRecord(t, userId, '23 hours'), await insertIdempotencyRecord(t, userId, '1 minute')].sort();
      expect(await t.app.get(IdempotencyRepository).purgeExpired(2)).toBe(2);
      expect(await keysOf(userId)).toHaveLength(3);
      expect(await runner.runOnce('scheduling.purge-idempotency-keys')).toEqual({ idempotencyKeys: 1 });
      expect(await keysOf(userId)).toEqual(live);
    });

    it('are purged by their own task, logged with the count', async () => {
      const { userId } = await insertUser(t);
      for (let i = 0; i < 5; i++) await insertIdempotencyRecord(t, userId, '2 days');
      expect(await runner.runOnce('scheduling.purge-idempotency-keys')).toEqual({ idempotencyKeys: 5 });
      expect(await keysOf(userId)).toEqual([]);
      expect(t.logs.at(-1)).toMatchObject({ task: 'scheduling.purge-idempotency-keys', batches: 3, deleted: { idempotencyKeys: 5 }, msg: 'purged' });
    });
  });

  describe('delivered notifications', () => {
    it('are deleted OUTBOX_RETENTION_DAYS (30) after they were sent; pending and given-up ones stay', async () => {
      const old = [await insertOutboxMessage(t, '31 days'), await insertOutboxMessage(t, '30 days 1 hour'), await insertOutboxMessage(t, '90 days')];
      const kept = [
        await insertOutboxMessage(t, '29 days'),
        await insertOutboxMessage(t, '1 minute'),
        await insertOutboxMessage(t, null), // pending, created long ago
        await insertOutboxMessage(t, null, 10), // given up after the last attempt
      ];
      expect(await runner.runOnce('scheduling.purge-outbox')).toEqual({ outbox: 3 });
      expect(await remaining(t, 'outbox', [...old, ...kept])).toEqual([...kept].sort());
      expect(t.logs.at(-1)).toMatchObject({ task: 'scheduling.purge-outbox', batches: 2, deleted: { outbox: 3 }, msg: 'purged' });
    });

    it('are deleted at most a batch per statement', async () => {
      const old = [await insertOutboxMessage(t, '40 days'), await insertOutboxMessage(t, '40 days'), await insertOutboxMessage(t, '40 days')];
      expect(await t.app.get(OutboxRepository).purgeDelivered(30, 2)).toBe(2);
      expect(await remaining(t, 'outbox', old)).toHaveLength(1);
      expect(await t.app.get(OutboxRepository).purgeDelivered(30, 2)).toBe(1);
    });
  });

  describe('retained appointments of deleted accounts', () => {
    const TASK = 'scheduling.purge-retained-appointments';

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
});
