import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { seal, unseal } from '../../common/crypto/encrypted-column.js';
import { keyset, type KeysetPosition } from '../../common/pagination/keyset.js';
import { DATABASE, type Database } from '../../db/database.js';
import { rowsOf } from '../../db/rows.js';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import { nowAtInstantPrecision } from '../../db/schema/columns.js';
import type { Executor } from '../../db/transactions.js';
import type { WebhookEvent } from './webhook-events.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: string;
  subscriptionId: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** A delivery claimed for one attempt, with its message body opened. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  event: string;
  body: string;
  attempts: number;
}

const d = webhookDeliveries;
const columns = {
  id: d.id,
  subscriptionId: d.subscriptionId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt,
  createdAt: d.createdAt,
};

/** The webhooks' outbox: one row per event and subscription, retried for a day. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * In the change's transaction: one delivery to every active subscription that asked for
   * `event` and may hear about `doctorId`: `bodies.clinic` to the clinic's, `bodies.ownDoctor`
   * to that doctor's own.
   */
  async fanOut(tx: Executor, event: WebhookEvent, doctorId: string, bodies: { ownDoctor: string; clinic: string }): Promise<number> {
    const s = webhookSubscriptions;
    const targets = await tx
      .select({ id: s.id, doctorId: s.doctorId })
      .from(s)
      .where(and(eq(s.active, true), arrayContains(s.events, [event]), or(isNull(s.doctorId), eq(s.doctorId, doctorId))));
    if (targets.length === 0) return 0;
    await tx.insert(webhookDeliveries).values(
      targets.map((target) => {
        const id = randomUUID();
        const body = target.doctorId === null ? bodies.clinic : bodies.ownDoctor;
        return { id, subscriptionId: target.id, event, payload: seal('webhook_deliveries', 'payload', id, body), retryUntil: sql`now() + interval '24 hours'` };
      }),
    );
    return targets.length;
  }

  /**
   * Claims up to `limit` due deliveries of active subscriptions for `leaseSeconds` (SKIP LOCKED:
   * workers on several instances take disjoint ones). A worker that dies mid-attempt leaves the
   * delivery to be tried again when the lease runs out: at least once, same `webhook-id`.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const rows = await rowsOf<{ id: string; subscription_id: string; event: string; payload: string; attempts: number }>(
      this.database.db,
      sql`update webhook_deliveries set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
          where id in (
            select d.id from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
            where d.status = 'pending' and d.next_attempt_at <= ${nowAtInstantPrecision} and s.active
            order by d.next_attempt_at
            limit ${limit}
            for update of d skip locked)
          returning id, subscription_id, event, payload, attempts`,
    );
    return rows.map((r) => ({ id: r.id, subscriptionId: r.subscription_id, event: r.event, attempts: r.attempts, body: unseal('webhook_deliveries', 'payload', r.id, r.payload) }));
  }

  /** Claimed deliveries this worker will not attempt after all (it is stopping): due again now, the claim's attempt not counted. */
  async unclaim(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.database.db
      .update(webhookDeliveries)
      .set({ attempts: sql`${d.attempts} - 1`, nextAttemptAt: sql`now()` })
      .where(and(inArray(d.id, ids), eq(d.status, 'pending')));
  }

  async markDelivered(id: string, statusCode: number): Promise<void> {
    await this.database.db.update(webhookDeliveries).set({ status: 'delivered', deliveredAt: sql`now()`, lastStatusCode: statusCode, lastError: null }).where(eq(d.id, id));
  }

  /** A failed attempt: retried after `retryInSeconds` but never past its `retry_until`; past it, given up. */
  async markFailed(id: string, statusCode: number | null, error: string, retryInSeconds: number): Promise<DeliveryStatus> {
    const [row] = await this.database.db
      .update(webhookDeliveries)
      .set({
        lastStatusCode: statusCode,
        lastError: error.slice(0, 500),
        status: sql`case when now() >= ${d.retryUntil} then 'failed' else 'pending' end`,
        nextAttemptAt: sql`least(now() + make_interval(secs => ${retryInSeconds}), ${d.retryUntil})`,
      })
      .where(eq(d.id, id))
      .returning({ status: d.status });
    return (row?.status ?? 'failed') as DeliveryStatus;
  }

  async find(subscriptionId: string, id: string): Promise<DeliveryRow | null> {
    const [row] = await this.database.db.select(columns).from(d).where(and(eq(d.subscriptionId, subscriptionId), eq(d.id, id))).limit(1);
    return (row as DeliveryRow | undefined) ?? null;
  }

  /** Newest first. */
  async list(subscriptionId: string, after: KeysetPosition<Date> | null, limit: number): Promise<DeliveryRow[]> {
    const page = keyset('desc', { key: d.createdAt, id: d.id }, after);
    const rows = await this.database.db
      .select(columns)
      .from(d)
      .where(and(eq(d.subscriptionId, subscriptionId), page.after))
      .orderBy(...page.orderBy)
      .limit(limit);
    return rows as DeliveryRow[];
  }

  /** One more attempt, now, whatever became of the earlier ones; if it fails, the delivery is given up again. */
  async retry(subscriptionId: string, id: string): Promise<DeliveryRow | null> {
    const [row] = await this.database.db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: sql`now()`, retryUntil: sql`now()` })
      .where(and(eq(d.subscriptionId, subscriptionId), eq(d.id, id)))
      .returning(columns);
    return (row as DeliveryRow | undefined) ?? null;
  }

  /**
   * Deletes up to `limit` deliveries delivered more than `retentionDays` ago (SKIP LOCKED). Only
   * while still delivered: one its owner asked to retry is pending again and stays until that
   * attempt is done, whenever it was first delivered.
   */
  async purgeDelivered(retentionDays: number, limit: number): Promise<number> {
    const rows = await this.database.db
      .delete(webhookDeliveries)
      .where(sql`${d.id} in (select id from ${d} where status = 'delivered' and delivered_at < now() - make_interval(days => ${retentionDays}) limit ${limit} for update skip locked)`)
      .returning({ id: d.id });
    return rows.length;
  }
}
