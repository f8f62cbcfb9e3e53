import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { seal, unseal } from '../../common/crypto/encrypted-column.js';
import { keyset, type KeysetPosition } from '../../common/pagination/keyset.js';
import { DATABASE, type Database } from '../../db/database.js';
import { users, webhookSubscriptions } from '../../db/schema/index.js';
import type { WebhookEvent } from './webhook-events.js';

export interface SubscriptionRow {
  id: string;
  ownerUserId: string;
  doctorId: string | null;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  disabledAt: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Where and how to deliver: the URL and the secrets that sign (the previous one while it still counts). */
export interface SigningTarget {
  url: string;
  secrets: string[];
}

const s = webhookSubscriptions;
const columns = {
  id: s.id,
  ownerUserId: s.ownerUserId,
  doctorId: s.doctorId,
  url: s.url,
  events: s.events,
  active: s.active,
  disabledAt: s.disabledAt,
  previousSecretExpiresAt: s.previousSecretExpiresAt,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
};

/** Webhook subscriptions; the secrets are sealed to their row and column. */
@Injectable()
export class WebhooksRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async insert(values: { id: string; ownerUserId: string; doctorId: string | null; url: string; events: WebhookEvent[]; active: boolean; secret: string }): Promise<SubscriptionRow> {
    const [row] = await this.database.db
      .insert(webhookSubscriptions)
      .values({ ...values, secret: seal('webhook_subscriptions', 'secret', values.id, values.secret) })
      .returning(columns);
    return row as SubscriptionRow;
  }

  async find(id: string): Promise<SubscriptionRow | null> {
    const [row] = await this.database.db.select(columns).from(s).where(eq(s.id, id)).limit(1);
    return (row as SubscriptionRow | undefined) ?? null;
  }

  /** By creation, after `after`: every subscription (`ownerUserId` undefined) or one owner's. */
  async list(filter: { ownerUserId?: string }, after: KeysetPosition<Date> | null, limit: number): Promise<SubscriptionRow[]> {
    const page = keyset('asc', { key: s.createdAt, id: s.id }, after);
    const rows = await this.database.db
      .select(columns)
      .from(s)
      .where(and(filter.ownerUserId ? eq(s.ownerUserId, filter.ownerUserId) : undefined, page.after))
      .orderBy(...page.orderBy)
      .limit(limit);
    return rows as SubscriptionRow[];
  }

  /** Switching a subscription on again forgets its failures, so it gets a fresh day. */
  async update(id: string, changes: { url?: string; events?: WebhookEvent[]; active?: boolean }): Promise<SubscriptionRow | null> {
    const reactivated = changes.active === true ? { failingSince: null, disabledAt: null } : {};
    const [row] = await this.database.db
      .update(webhookSubscriptions)
      .set({ ...changes, ...reactivated, updatedAt: sql`now()` })
      .where(eq(s.id, id))
      .returning(columns);
    return (row as SubscriptionRow | undefined) ?? null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.database.db.delete(webhookSubscriptions).where(eq(s.id, id)).returning({ id: s.id })).length > 0;
  }

  /** The current secret becomes the previous one (signing until `overlapSeconds` from now); `secret` is the new one. */
  async rotateSecret(id: string, secret: string, overlapSeconds: number): Promise<Date | null> {
    return this.database.db.transaction(async (tx) => {
      const [current] = await tx.select({ secret: s.secret }).from(s).where(eq(s.id, id)).for('update');
      if (!current) return null;
      const previous = unseal('webhook_subscriptions', 'secret', id, current.secret);
      const [row] = await tx
        .update(webhookSubscriptions)
        .set({
          secret: seal('webhook_subscriptions', 'secret', id, secret),
          previousSecret: seal('webhook_subscriptions', 'previous_secret', id, previous),
          previousSecretExpiresAt: sql`now() + make_interval(secs => ${overlapSeconds})`,
          updatedAt: sql`now()`,
        })
        .where(eq(s.id, id))
        .returning({ expiresAt: s.previousSecretExpiresAt });
      return row?.expiresAt ?? null;
    });
  }

  async signingTarget(id: string): Promise<SigningTarget | null> {
    const [row] = await this.database.db
      .select({ url: s.url, secret: s.secret, previousSecret: s.previousSecret, previousCounts: sql<boolean>`coalesce(${s.previousSecretExpiresAt} > now(), false)` })
      .from(s)
      .where(eq(s.id, id))
      .limit(1);
    if (!row) return null;
    const secrets = [unseal('webhook_subscriptions', 'secret', id, row.secret)];
    if (row.previousSecret && row.previousCounts) secrets.push(unseal('webhook_subscriptions', 'previous_secret', id, row.previousSecret));
    return { url: row.url, secrets };
  }

  async recordSuccess(id: string): Promise<void> {
    await this.database.db.update(webhookSubscriptions).set({ failingSince: null }).where(and(eq(s.id, id), sql`${s.failingSince} is not null`));
  }

  /**
   * Notes a failed attempt. A subscription that has failed for `disableAfterSeconds` with no
   * success is switched off; then (once) the owner's e-mail and the URL come back, to tell them.
   */
  async recordFailure(id: string, disableAfterSeconds: number): Promise<{ ownerEmail: string; url: string } | null> {
    const db = this.database.db;
    await db.update(webhookSubscriptions).set({ failingSince: sql`now()` }).where(and(eq(s.id, id), isNull(s.failingSince)));
    const [disabled] = await db
      .update(webhookSubscriptions)
      .set({ active: false, disabledAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(s.id, id), eq(s.active, true), sql`${s.failingSince} <= now() - make_interval(secs => ${disableAfterSeconds})`))
      .returning({ ownerUserId: s.ownerUserId, url: s.url });
    if (!disabled) return null;
    const [owner] = await db.select({ email: users.email }).from(users).where(eq(users.id, disabled.ownerUserId)).limit(1);
    return owner ? { ownerEmail: owner.email, url: disabled.url } : null;
  }
}
