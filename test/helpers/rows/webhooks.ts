import { sql } from 'drizzle-orm';
import { queryRows } from '../db.js';
import type { TestApp } from '../test-app.js';
import { sqlAgo, type Ago } from './sql.js';

/** A subscription of `ownerUserId`'s, inserted directly (its secret is never read by the purges). */
export async function insertWebhookSubscription(t: TestApp, ownerUserId: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t,
    sql`insert into webhook_subscriptions (owner_user_id, url, events, secret) values (${ownerUserId}, 'https://hooks.example.com/x', array['appointment.booked'], 'not-read') returning id`,
  );
  return row!.id;
}

/**
 * A delivery made long ago, in `status`, delivered `deliveredAgo` ago (null: never). A pending
 * one with an old `deliveredAgo` is a delivered one its owner asked to retry.
 */
export async function insertWebhookDelivery(t: TestApp, subscriptionId: string, status: 'pending' | 'delivered' | 'failed', deliveredAgo: Ago | null): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t,
    sql`insert into webhook_deliveries (subscription_id, event, payload, status, attempts, next_attempt_at, retry_until, delivered_at, created_at)
        values (${subscriptionId}, 'appointment.booked', 'not-read', ${status}, 1, now() + interval '1 day', now() - interval '399 days', ${sqlAgo(deliveredAgo)}, now() - interval '400 days')
        returning id`,
  );
  return row!.id;
}
