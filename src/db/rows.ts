import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './database.js';

/** Runs a raw query on either driver and returns its rows (pg and PGlite both answer `{ rows }`). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** An instant as the API writes it (`2027-03-15T14:00:00.000Z`), formatted by the database. */
export function isoInstant(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
