import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeriodicTaskRunner } from '../../src/common/periodic/periodic-task.runner.js';
import { IdempotencyRepository } from '../../src/modules/scheduling/appointments/idempotency.repository.js';
import { OutboxRepository } from '../../src/modules/scheduling/notifications/outbox.repository.js';
import { queryRows } from '../helpers/db.js';
import { insertIdempotencyRecord, insertOutboxMessage, insertUser, remaining } from '../helpers/rows/index.js';
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
});
