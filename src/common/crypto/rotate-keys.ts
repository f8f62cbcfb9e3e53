import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { ENCRYPTED_COLUMNS, type EncryptedTable } from './encrypted-column.js';
import { currentKeyPrefix, type FieldCipher } from './field-cipher.js';

/**
 * How each table's rows are identified: the primary-key columns, with their SQL types for
 * keyset comparisons. Their text values joined with `/` are the row id in the authenticated
 * data (see `idempotencyRowId`).
 */
const ROW_KEYS: Record<EncryptedTable, readonly (readonly [column: string, type: 'uuid' | 'text'])[]> = {
  users: [['id', 'uuid']],
  appointments: [['id', 'uuid']],
  reviews: [['id', 'uuid']],
  user_mfa: [['user_id', 'uuid']],
  idempotency_keys: [
    ['user_id', 'uuid'],
    ['key', 'text'],
  ],
  phone_verifications: [['user_id', 'uuid']],
  webhook_subscriptions: [['id', 'uuid']],
  webhook_deliveries: [['id', 'uuid']],
};

export interface RotationCount {
  table: string;
  column: string;
  /** Values rewritten row-bound under the current key (older key ids, legacy column-bound values, plaintext). */
  reencrypted: number;
  /** Values still not row-bound under the current key: rows locked by a request during the run; run again. */
  remaining: number;
}

type Row = Record<string, string | null>;

/**
 * Rewrites, row-bound under the current key, every value of the encrypted columns that is
 * under an older key, in the column-bound `enc:v1:` form of earlier releases, or plaintext
 * (anything not starting with the current `enc:v2:<keyId>:` prefix). Keyset batches by primary
 * key; each batch is its own transaction and takes its rows `FOR UPDATE SKIP LOCKED`, so it
 * runs beside a serving app without blocking it (a skipped row shows up in `remaining`).
 * Idempotent: a second run finds nothing to do. A value that fails authentication (another
 * row's, or tampered) stops the run with FieldDecryptionError naming table, column and row;
 * earlier batches stay done.
 */
export async function rotateEncryptionKeys(db: Db, cipher: FieldCipher, options: { batchSize?: number } = {}): Promise<RotationCount[]> {
  const batchSize = options.batchSize ?? 500;
  const prefix = currentKeyPrefix(cipher);
  const counts: RotationCount[] = [];
  for (const [table, columns] of Object.entries(ENCRYPTED_COLUMNS) as [EncryptedTable, readonly string[]][]) {
    const keys = ROW_KEYS[table];
    const keyList = sql.join(keys.map(([column]) => sql.identifier(column)), sql`, `);
    const keyAt = (row: Row) => sql.join(keys.map(([column, type]) => sql`${row[`k_${column}`]}::${sql.raw(type)}`), sql`, `);
    const stale = sql.join(
      columns.map((c) => sql`(${sql.identifier(c)} is not null and not starts_with(${sql.identifier(c)}, ${prefix}))`),
      sql` or `,
    );
    const done = Object.fromEntries(columns.map((c) => [c, 0]));
    let after: Row | null = null;
    for (;;) {
      const from: Row | null = after;
      const batch: Row[] = await db.transaction(async (transaction): Promise<Row[]> => {
        // A transaction is a PgDatabase too; the cast only drops the transaction-only methods.
        const tx = transaction as unknown as Db;
        const rows = await rowsOf<Row>(
          tx,
          sql`select ${sql.join(keys.map(([column]) => sql`${sql.identifier(column)}::text as ${sql.identifier(`k_${column}`)}`), sql`, `)},
                     ${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)}
                from ${sql.identifier(table)}
               where (${stale}) ${from ? sql`and (${keyList}) > (${keyAt(from)})` : sql``}
               order by ${keyList}
               limit ${batchSize}
               for update skip locked`,
        );
        for (const row of rows) {
          const id = keys.map(([column]) => row[`k_${column}`]).join('/');
          const sets: SQL[] = [];
          for (const column of columns) {
            const value = row[column];
            if (value === null || value === undefined || value.startsWith(prefix)) continue;
            const field = { table, column, id };
            sets.push(sql`${sql.identifier(column)} = ${cipher.encrypt(field, cipher.decryptForUpgrade(field, value))}`);
            done[column]! += 1;
          }
          if (sets.length > 0) await tx.execute(sql`update ${sql.identifier(table)} set ${sql.join(sets, sql`, `)} where (${keyList}) = (${keyAt(row)})`);
        }
        return rows;
      });
      if (batch.length < batchSize) break;
      after = batch.at(-1)!;
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
