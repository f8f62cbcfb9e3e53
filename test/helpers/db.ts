import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { DATABASE, type Database } from '../../src/db/database.js';
import type { TestApp } from './test-app.js';

/** Runs raw SQL against the app's own database (both drivers answer with `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(t: TestApp, query: SQL): Promise<T[]> {
  const result = (await t.app.get<Database>(DATABASE).db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Runs raw statements as the database's owner, one after another: DDL a test needs (test-only
 * triggers and tables) or a DBA's tampering. With TEST_DATABASE_APP_ROLE=1 the app connects as
 * a restricted role that may do neither, so the owner's URL (DATABASE_MIGRATION_URL) is used;
 * otherwise the app's own connection is the owner's (and PGlite has one role).
 */
export async function asDatabaseOwner(t: TestApp, statements: string[]): Promise<void> {
  const database = t.config.database;
  if (database.kind === 'postgres' && database.migrationUrl !== database.url) {
    const owner = new pg.Client({ connectionString: database.migrationUrl });
    await owner.connect();
    try {
      for (const statement of statements) await owner.query(statement);
    } finally {
      await owner.end();
    }
    return;
  }
  for (const statement of statements) await queryRows(t, sql.raw(statement));
}
