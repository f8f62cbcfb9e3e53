import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeriodicTaskRunner } from '../../../src/common/periodic/periodic-task.runner.js';
import { WebhookDeliveriesRepository } from '../../../src/modules/webhooks/webhook-deliveries.repository.js';
import { insertUser, insertWebhookDelivery, insertWebhookSubscription, remaining } from '../../helpers/rows/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('delivered webhook deliveries', () => {
  let t: TestApp;
  let runner: PeriodicTaskRunner;
  let subscriptionId: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { PURGE_BATCH_SIZE: '2' } });
    runner = t.app.get(PeriodicTaskRunner);
    subscriptionId = await insertWebhookSubscription(t, (await insertUser(t, 'admin')).userId);
  });
  afterAll(() => t.close());

  it('are deleted WEBHOOK_RETENTION_DAYS (30) after delivery, in batches, logged with the count; pending, retried and given-up ones stay', async () => {
    const delivery = (status: 'pending' | 'delivered' | 'failed', deliveredAgo: string | null) => insertWebhookDelivery(t, subscriptionId, status, deliveredAgo);
    const old = [await delivery('delivered', '31 days'), await delivery('delivered', '30 days 1 hour'), await delivery('delivered', '90 days')];
    const kept = [
      await delivery('delivered', '29 days'),
      await delivery('delivered', '1 minute'),
      await delivery('pending', null),
      // Delivered long ago, then retried by its owner: pending again until that attempt is done.
      await delivery('pending', '90 days'),
      await delivery('failed', null),
    ];
    expect(await runner.runOnce('webhooks.purge-deliveries')).toEqual({ webhookDeliveries: 3 });
    expect(await remaining(t, 'webhook_deliveries', [...old, ...kept])).toEqual([...kept].sort());
    expect(t.logs.at(-1)).toMatchObject({ task: 'webhooks.purge-deliveries', batches: 2, deleted: { webhookDeliveries: 3 }, msg: 'purged' });
  });

  it('are deleted at most a batch per statement', async () => {
    const old = [];
    for (let i = 0; i < 3; i++) old.push(await insertWebhookDelivery(t, subscriptionId, 'delivered', '40 days'));
    expect(await t.app.get(WebhookDeliveriesRepository).purgeDelivered(30, 2)).toBe(2);
    expect(await remaining(t, 'webhook_deliveries', old)).toHaveLength(1);
    expect(await t.app.get(WebhookDeliveriesRepository).purgeDelivered(30, 2)).toBe(1);
  });
});
