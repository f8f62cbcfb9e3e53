import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db.js';
import type { TestApp } from '../test-app.js';

/**
 * An age as a PostgreSQL interval, counted back from the database's now() (`'2 days'`; a
 * negative one, `'-1 day'`, lies ahead). The purge factories use it because the purges
 * compare against the database clock; the scheduling factories take absolute instants
 * instead, since scheduling rules read the app's Clock, which tests stand on a fixed day.
 */
export type Ago = string;

/** `now() - ago`, or SQL null. */
export function sqlAgo(ago: Ago | null): SQL {
  return ago === null ? sql`null` : sql`now() - ${ago}::interval`;
}

/** An instant as a timestamptz parameter. */
export function sqlInstant(at: Date | string): SQL {
  return sql`${new Date(at).toISOString()}::timestamptz`;
}

const KEYS = { session_families: 'id', outbox: 'id', appointments: 'id', appointment_holds: 'id', waitlist_entries: 'id', refresh_tokens: 'token_hash', password_reset_tokens: 'token_hash', webhook_deliveries: 'id' } as const;

/** Which of `ids` (primary keys) are still in `table`, sorted. */
export async function remaining(t: TestApp, table: keyof typeof KEYS, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const key = sql.identifier(KEYS[table]);
  const rows = await queryRows<{ id: string }>(t, sql`select ${key}::text as id from ${sql.identifier(table)} where ${key}::text in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return rows.map((r) => r.id).sort();
}
