import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db.js';
import type { TestApp } from '../test-app.js';
import { sqlAgo, type Ago } from './sql.js';

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
        values (${family.userId}, now() - interval '400 days', ${sqlAgo(family.expiredAgo)}, ${sqlAgo(family.revokedAgo ?? null)}, ${family.revokedAgo ? 'logout' : null})
        returning id`,
  );
  const tokens: string[] = [];
  for (const usedAgo of family.tokens) {
    const digest = randomBytes(32).toString('base64url');
    await queryRows(t, sql`insert into refresh_tokens (token_hash, family_id, used_at) values (${digest}, ${row!.id}, ${sqlAgo(usedAgo)})`);
    tokens.push(digest);
  }
  return { id: row!.id, tokens };
}

/** A password-reset token (its digest) expiring `expiresIn` from now, used `usedAgo` ago or not at all. */
export async function insertPasswordReset(t: TestApp, userId: string, reset: { expiresIn: Ago; usedAgo?: Ago | null }): Promise<string> {
  const digest = randomBytes(32).toString('base64url');
  await queryRows(t, sql`insert into password_reset_tokens (token_hash, user_id, expires_at, used_at) values (${digest}, ${userId}, now() + ${reset.expiresIn}::interval, ${sqlAgo(reset.usedAgo ?? null)})`);
  return digest;
}
