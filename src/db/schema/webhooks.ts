import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { encryptedText } from '../../common/crypto/encrypted-column.js';
import { belongsTo, createdAt, instant, timestamps, uuidPrimaryKey } from './columns.js';
import { doctors } from './doctors.js';
import { users } from './users.js';

/**
 * Webhook subscriptions. An admin's hears the whole clinic; a doctor's (`doctor_id` set) hears
 * only that doctor's appointments and verification. The signing secrets are encrypted at rest
 * (they must be read back to sign); the previous one signs too until `previous_secret_expires_at`.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuidPrimaryKey(),
    ownerUserId: belongsTo('owner_user_id', () => users.id),
    doctorId: uuid('doctor_id').references(() => doctors.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    active: boolean('active').notNull().default(true),
    secret: encryptedText('secret').notNull(),
    previousSecret: encryptedText('previous_secret'),
    previousSecretExpiresAt: instant('previous_secret_expires_at'),
    /** The first failed attempt since the last success; a day of it disables the subscription. */
    failingSince: instant('failing_since'),
    disabledAt: instant('disabled_at'),
    ...timestamps(),
  },
  (t) => [
    index('webhook_subscriptions_owner_idx').on(t.ownerUserId, t.createdAt, t.id),
    index('webhook_subscriptions_doctor_idx').on(t.doctorId).where(sql`${t.active}`),
  ],
);

/**
 * One event for one subscription: the webhook's outbox. Written in the transaction of the change
 * it announces (so every committed change is delivered at least once), with the payload sealed
 * (it carries the visit reason); its id is the stable `webhook-id` of every attempt.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuidPrimaryKey(),
    subscriptionId: belongsTo('subscription_id', () => webhookSubscriptions.id),
    event: text('event').notNull(),
    payload: encryptedText('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    /** Retries stop after this instant (a day after the event; a manual retry is one attempt). */
    retryUntil: instant('retry_until').notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'delivered', 'failed')`),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt, t.id),
    index('webhook_deliveries_delivered_idx').on(t.deliveredAt).where(sql`${t.deliveredAt} is not null`),
  ],
);
