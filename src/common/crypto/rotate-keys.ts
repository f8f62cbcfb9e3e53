import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { currentKeyPrefix, type FieldCipher } from './field-cipher.js';

/** Every encrypted column, by table; the authenticated data of each is `table.column`. */
export const ENCRYPTED_COLUMNS = {
  users: ['phone', 'date_of_birth'],
  appointments: ['reason', 'cancellation_reason'],
  reviews: ['comment'],
} as const satisfies Record<string, readonly string[]>;

export interface RotationCount {
  table: string;
  column: string;
  /** Values re-encrypted under the current key (older key ids, or legacy plaintext). */
  reencrypted: number;
  /** Values still not under the current key: rows locked by a request during the run; run again. */
  remaining: number;
}

type Row = Record<string, string | null> & { id: string };

/**
 * Re-encrypts, under the current key, every value of the encrypted columns that is under an
 * older key or still plaintext. Keyset batches by id; each batch is its own transaction and
 * takes its rows `FOR UPDATE SKIP LOCKED`, so it runs beside a serving app without blocking
 * it (a skipped row shows up in `remaining`). Idempotent: a second run finds nothing to do.
 * Works on the raw column text with the cipher directly, so it never depends on the codecs.
 */
export async function rotateEncryptionKeys(db: Db, cipher: FieldCipher, options: { batchSize?: number } = {}): Promise<RotationCount[]> {
  const batchSize = options.batchSize ?? 500;
  const prefix = currentKeyPrefix(cipher);
  const counts: RotationCount[] = [];
  for (const [table, columns] of Object.entries(ENCRYPTED_COLUMNS)) {
    const stale = sql.join(
      columns.map((c) => sql`(${sql.identifier(c)} is not null and not starts_with(${sql.identifier(c)}, ${prefix}))`),
      sql` or `,
    );
    const done = Object.fromEntries(columns.map((c) => [c, 0]));
    let after: string | null = null;
    for (;;) {
      const from: string | null = after;
      const batch: Row[] = await db.transaction(async (transaction): Promise<Row[]> => {
        // A transaction is a PgDatabase too; the cast only drops the transaction-only methods.
        const tx = transaction as unknown as Db;
        const rows = await rowsOf<Row>(
          tx,
          sql`select id::text as id, ${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)}
                from ${sql.identifier(table)}
               where (${stale}) ${from ? sql`and id > ${from}::uuid` : sql``}
               order by id
               limit ${batchSize}
               for update skip locked`,
        );
        for (const row of rows) {
          const sets: SQL[] = [];
          for (const column of columns) {
            const value = row[column];
            if (value === null || value === undefined || value.startsWith(prefix)) continue;
            const aad = `${table}.${column}`;
            sets.push(sql`${sql.identifier(column)} = ${cipher.encrypt(aad, cipher.decrypt(aad, value))}`);
            done[column]! += 1;
          }
          if (sets.length > 0) await tx.execute(sql`update ${sql.identifier(table)} set ${sql.join(sets, sql`, `)} where id = ${row.id}::uuid`);
        }
        return rows;
      });
      if (batch.length < batchSize) break;
      after = batch.at(-1)!.id;
    }
    for (const column of columns) {
      const [left] = await rowsOf<{ n: number | string }>(
        db,
        sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} is not null and not starts_with(${sql.identifier(column)}, ${prefix})`,
      );
      counts.push({ table, column, reencrypted: done[column]!, remaining: Number(left?.n ?? 0) });
    }
  }
  return counts;
}

async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
