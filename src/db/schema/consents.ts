import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { belongsTo, instant } from './columns.js';
import { users } from './users.js';

/**
 * A user's acceptance of one version of the terms of use and privacy notice (TERMS_VERSION).
 * Rows are only added: the history of what was accepted, and when.
 */
export const consents = pgTable(
  'consents',
  {
    userId: belongsTo('user_id', () => users.id),
    version: text('version').notNull(),
    acceptedAt: instant('accepted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'consents_pkey', columns: [t.userId, t.version] })],
);
