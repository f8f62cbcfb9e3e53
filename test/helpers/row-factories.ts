import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from './db.js';
import type { TestApp } from './test-app.js';

/**
 * Rows written straight into the app's database, for service-level tests that need a world
 * without going through HTTP. Instants are SQL expressions relative to the database's now()
 * (`now() - interval '2 days'`), since the purges compare against the database clock.
 */
export type Ago = string;

const at = (ago: Ago | null) => (ago === null ? sql`null` : sql`now() - ${ago}::interval`);

export async function insertUser(t: TestApp, role: 'patient' | 'doctor' | 'admin' = 'patient'): Promise<string> {
  const id = randomUUID();
  // No PHI columns are set, so nothing needs sealing; the hash is never checked.
  await queryRows(t, sql`insert into users (id, email, password_hash, full_name, role) values (${id}, ${`row.${randomBytes(5).toString('hex')}@example.com`}, 'not-a-hash', 'Row Factory', ${role})`);
  return id;
}

/** A doctor account and its (pending) profile; the search triggers fill the derived columns. */
export async function insertDoctor(t: TestApp, fullName: string): Promise<{ userId: string; doctorId: string }> {
  const userId = await insertUser(t, 'doctor');
  await queryRows(t, sql`update users set full_name = ${fullName} where id = ${userId}`);
  const [row] = await queryRows<{ id: string }>(t, sql`insert into doctors (user_id) values (${userId}) returning id`);
  return { userId, doctorId: row!.id };
}

export interface FamilyRow {
  userId: string;
  /** Signed: a negative interval puts the end in the future (`-1 day`: a live family). */
  expiredAgo: Ago;
  revokedAgo?: Ago | null;
  /** One refresh token per entry: how long ago it was spent, or null for the current (unspent) one. */
  tokens: (Ago | null)[];
}

/** A session family with its refresh tokens; returns the family id and the token digests. */
export async function insertSessionFamily(t: TestApp, family: FamilyRow): Promise<{ id: string; tokens: string[] }> {
  const [row] = await queryRows<{ id: string }>(
    t,
    sql`insert into session_families (user_id, created_at, expires_at, revoked_at, revoked_reason)
        values (${family.userId}, now() - interval '400 days', ${at(family.expiredAgo)}, ${at(family.revokedAgo ?? null)}, ${family.revokedAgo ? 'logout' : null})
        returning id`,
  );
  const tokens: string[] = [];
  for (const usedAgo of family.tokens) {
    const digest = randomBytes(32).toString('base64url');
    await queryRows(t, sql`insert into refresh_tokens (token_hash, family_id, used_at) values (${digest}, ${row!.id}, ${at(usedAgo)})`);
    tokens.push(digest);
  }
  return { id: row!.id, tokens };
}

export async function insertPasswordReset(t: TestApp, userId: string, reset: { expiresIn: Ago; usedAgo?: Ago | null }): Promise<string> {
  const digest = randomBytes(32).toString('base64url');
  await queryRows(t, sql`insert into password_reset_tokens (token_hash, user_id, expires_at, used_at) values (${digest}, ${userId}, now() + ${reset.expiresIn}::interval, ${at(reset.usedAgo ?? null)})`);
  return digest;
}

export async function insertIdempotencyRecord(t: TestApp, userId: string, createdAgo: Ago): Promise<string> {
  const key = randomUUID();
  await queryRows(t, sql`insert into idempotency_keys (user_id, key, request_hash, created_at) values (${userId}, ${key}, 'hash', ${at(createdAgo)})`);
  return key;
}

/** An outbox row: delivered `sentAgo` ago, or pending (null). Returns its id. */
export async function insertOutboxMessage(t: TestApp, sentAgo: Ago | null, attempts = 1): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t,
    sql`insert into outbox (kind, payload, available_at, attempts, sent_at, created_at)
        values ('appointment.booked', ${JSON.stringify({ appointmentId: randomUUID() })}::jsonb, now() + interval '1 day', ${attempts}, ${at(sentAgo)}, now() - interval '400 days')
        returning id`,
  );
  return row!.id;
}

const KEYS = { session_families: 'id', outbox: 'id', refresh_tokens: 'token_hash', password_reset_tokens: 'token_hash' } as const;

/** Which of `ids` (primary keys) are still in `table`, sorted. */
export async function remaining(t: TestApp, table: keyof typeof KEYS, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const key = sql.identifier(KEYS[table]);
  const rows = await queryRows<{ id: string }>(t, sql`select ${key}::text as id from ${sql.identifier(table)} where ${key}::text in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return rows.map((r) => r.id).sort();
}
