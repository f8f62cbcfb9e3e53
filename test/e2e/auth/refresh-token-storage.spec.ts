import { createHash, createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persistentDatabase, refresh, registerUser, type SessionBody } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const hmac = (secret: string, token: string) => createHmac('sha256', secret).update(token, 'utf8').digest('base64url');
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');

async function storedDigests(t: TestApp, userId: string): Promise<string[]> {
  const rows = await queryRows<{ token_hash: string }>(
    t,
    sql`select r.token_hash from refresh_tokens r join session_families f on f.id = r.family_id where f.user_id = ${userId} order by r.used_at is null, r.created_at`,
  );
  return rows.map((row) => row.token_hash);
}

describe('refresh tokens at rest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are stored as HMAC-SHA256 under JWT_REFRESH_SECRET, not as the token or its plain SHA-256', async () => {
    const secret = t.config.jwt.refreshSecret;
    const session = await registerUser(t);
    const next = await refresh(t, session.refreshToken);
    expect(next.statusCode, next.body).toBe(200);
    const successor = (next.json() as SessionBody).refreshToken;

    const stored = await storedDigests(t, session.user.id);
    expect(stored).toEqual([hmac(secret, session.refreshToken), hmac(secret, successor)]);
    for (const token of [session.refreshToken, successor]) {
      expect(stored).not.toContain(sha256(token));
      expect(stored).not.toContain(token);
    }
    // The successor refreshes in turn; a replay of a spent token still ends the family.
    const third = await refresh(t, successor);
    expect(third.statusCode).toBe(200);
    expectProblem(await refresh(t, session.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await refresh(t, (third.json() as SessionBody).refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('accepts a token stored before the upgrade (plain SHA-256) once, stores its successor as HMAC, and still catches its replay', async () => {
    const secret = t.config.jwt.refreshSecret;
    const session = await registerUser(t);
    await queryRows(t, sql`update refresh_tokens set token_hash = ${sha256(session.refreshToken)} where token_hash = ${hmac(secret, session.refreshToken)}`);

    const next = await refresh(t, session.refreshToken);
    expect(next.statusCode, next.body).toBe(200);
    const successor = (next.json() as SessionBody).refreshToken;
    expect(await storedDigests(t, session.user.id)).toEqual([sha256(session.refreshToken), hmac(secret, successor)]);

    expectProblem(await refresh(t, session.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await refresh(t, successor), 401, 'UNAUTHENTICATED');
  });

  it('logs out a session stored before the upgrade', async () => {
    const secret = t.config.jwt.refreshSecret;
    const session = await registerUser(t);
    await queryRows(t, sql`update refresh_tokens set token_hash = ${sha256(session.refreshToken)} where token_hash = ${hmac(secret, session.refreshToken)}`);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: session.refreshToken } })).statusCode).toBe(204);
    const [family] = await queryRows<{ revoked_reason: string | null }>(t, sql`select revoked_reason from session_families where user_id = ${session.user.id}`);
    expect(family!.revoked_reason).toBe('logout');
  });
});

describe('a copy of the database without JWT_REFRESH_SECRET', () => {
  const OTHER_SECRET = 'another-refresh-secret-0123456789abcdef0';

  it('cannot confirm a token: an instance with another JWT_REFRESH_SECRET refuses it; with the old one as JWT_REFRESH_SECRET_PREVIOUS it refreshes', async () => {
    const db = await persistentDatabase();
    try {
      const original = await startTestApp({ databaseUrl: db.databaseUrl, env: db.env });
      let session: SessionBody;
      let originalSecret: string;
      try {
        session = await registerUser(original);
        originalSecret = original.config.jwt.refreshSecret;
      } finally {
        await original.close();
      }

      const other = await startTestApp({ databaseUrl: db.databaseUrl, env: { ...db.env, JWT_REFRESH_SECRET: OTHER_SECRET } });
      try {
        expectProblem(await refresh(other, session.refreshToken), 401, 'UNAUTHENTICATED');
      } finally {
        await other.close();
      }

      const rotated = await startTestApp({ databaseUrl: db.databaseUrl, env: { ...db.env, JWT_REFRESH_SECRET: OTHER_SECRET, JWT_REFRESH_SECRET_PREVIOUS: originalSecret } });
      try {
        const next = await refresh(rotated, session.refreshToken);
        expect(next.statusCode, next.body).toBe(200);
        const successor = (next.json() as SessionBody).refreshToken;
        expect(await storedDigests(rotated, session.user.id)).toEqual([hmac(originalSecret, session.refreshToken), hmac(OTHER_SECRET, successor)]);
        expectProblem(await refresh(rotated, session.refreshToken), 401, 'REFRESH_TOKEN_REUSED');
      } finally {
        await rotated.close();
      }
    } finally {
      await db.cleanup();
    }
  });
});
