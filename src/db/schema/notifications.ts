import { index, integer, pgEnum, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { encryptedText } from '../../common/crypto/encrypted-column.js';
import { belongsTo, createdAt, instant, oneRowPer, uuidPrimaryKey } from './columns.js';
import { outbox } from './scheduling.js';
import { users } from './users.js';

export const devicePlatform = pgEnum('device_platform', ['ios', 'android', 'web']);

/**
 * Push addresses. A token belongs to one user: registering it again (on any account) moves it.
 * Deleting the account deletes its devices; signing out of every session does not.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuidPrimaryKey(),
    userId: belongsTo('user_id', () => users.id),
    platform: devicePlatform('platform').notNull(),
    token: text('token').notNull().unique('devices_token_unique'),
    createdAt: createdAt(),
    lastRegisteredAt: instant('last_registered_at').notNull().defaultNow(),
  },
  (t) => [index('devices_user_id_idx').on(t.userId)],
);

/**
 * A user's phone for SMS: `verified_at` set once the code sent to it was confirmed. A new
 * verification replaces the row, so SMS stop until the new number is confirmed.
 */
export const phoneVerifications = pgTable('phone_verifications', {
  userId: oneRowPer('user_id', () => users.id),
  /** PHI: E.164, encrypted at rest and bound to the user id. */
  phone: encryptedText('phone').notNull(),
  /** HMAC of the pending code; null once verified. */
  codeHash: text('code_hash'),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: instant('expires_at'),
  sentAt: instant('sent_at').notNull().defaultNow(),
  verifiedAt: instant('verified_at'),
});

/** Which channels an outbox message has reached: each at most once (one row per message and channel). */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    outboxId: uuid('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    /** `sent`, `no-address` or `off`. */
    outcome: text('outcome').notNull(),
    deliveredAt: instant('delivered_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.channel], name: 'notification_deliveries_pkey' })],
);
