import type { SQL } from 'drizzle-orm';
import { DATABASE, type Database } from '../../src/db/database.js';
import type { TestApp } from './test-app.js';

/** Runs raw SQL against the app's own database (both drivers answer with `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(t: TestApp, query: SQL): Promise<T[]> {
  const result = (await t.app.get<Database>(DATABASE).db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
