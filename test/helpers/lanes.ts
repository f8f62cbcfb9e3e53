import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Which lane this run is: the embedded default (PGlite, in-memory cache), or real PostgreSQL
 * and Redis when TEST_DATABASE_URL / REDIS_URL are set. Tests run unchanged in both.
 */
export const realPostgresUrl = process.env.TEST_DATABASE_URL || undefined;
export const realRedisUrl = process.env.REDIS_URL || undefined;
export const onRealPostgres = Boolean(realPostgresUrl);

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty database on the real server, so test files can run in parallel. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!realPostgresUrl) throw new Error('createScratchDatabase needs TEST_DATABASE_URL');
  const name = uniqueName('ihosi_test');
  const admin = new pg.Client({ connectionString: realPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabaseName(realPostgresUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: realPostgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * TEST_DATABASE_APP_ROLE=1 (the real lanes of .ci/test-lanes set it): apps that startTestApp
 * boots connect as a restricted role made by `ensureAppRole` (what `npm run db:roles` does) and
 * migrate as the owner through DATABASE_MIGRATION_URL, as production should. DDL and tampering
 * through the app's own connection then fail by design; tests that need them go through
 * `asDatabaseOwner` (db.ts).
 */
export const testAsAppRole = onRealPostgres && process.env.TEST_DATABASE_APP_ROLE === '1';

/** Drops a cluster-wide role a test made (after the databases it had rights in are dropped). */
export async function dropRole(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: realPostgresUrl });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(name)}`);
  await admin.end();
}
