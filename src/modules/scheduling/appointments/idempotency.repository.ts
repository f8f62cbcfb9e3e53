import { Inject, Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { idempotencyRowId, seal, unseal } from '../../../common/crypto/encrypted-column.js';
import { DATABASE, type Database } from '../../../db/database.js';
import { idempotencyKeys } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';

export interface StoredResponse {
  requestHash: string;
  status: number | null;
  body: unknown;
}

const TTL = sql`interval '24 hours'`;

@Injectable()
export class IdempotencyRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The live (under 24 h) record of (user, key), if any. */
  async find(userId: string, key: string, executor: Executor = this.database.db): Promise<StoredResponse | null> {
    const [row] = await executor
      .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.responseStatus, body: idempotencyKeys.responseBody })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), sql`${idempotencyKeys.createdAt} > now() - ${TTL}`))
      .limit(1);
    if (!row) return null;
    const body = unseal('idempotency_keys', 'response_body', idempotencyRowId(userId, key), row.body);
    return { requestHash: row.requestHash, status: row.status, body: body === null ? null : (JSON.parse(body) as unknown) };
  }

  /**
   * Claims (user, key) for this transaction: true when this request owns it. A concurrent
   * request with the same key blocks on the primary key until the owner commits (then it
   * sees the stored response) or rolls back (then it may claim). An expired record is taken over.
   */
  async claim(tx: Executor, userId: string, key: string, requestHash: string): Promise<boolean> {
    const rows = await tx
      .insert(idempotencyKeys)
      .values({ userId, key, requestHash })
      .onConflictDoUpdate({
        target: [idempotencyKeys.userId, idempotencyKeys.key],
        set: { requestHash, responseStatus: null, responseBody: null, createdAt: sql`now()` },
        setWhere: sql`${idempotencyKeys.createdAt} <= now() - ${TTL}`,
      })
      .returning({ key: idempotencyKeys.key });
    return rows.length > 0;
  }

  async complete(tx: Executor, userId: string, key: string, status: number, body: unknown): Promise<void> {
    await tx
      .update(idempotencyKeys)
      .set({ responseStatus: status, responseBody: seal('idempotency_keys', 'response_body', idempotencyRowId(userId, key), JSON.stringify(body)) })
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  }

  /**
   * Deletes up to `limit` records past the 24 h during which they count (claim takes such a
   * record over anyway). SKIP LOCKED: instances purging at once take disjoint rows, and a
   * record being claimed right now is left alone.
   */
  async purgeExpired(limit: number): Promise<number> {
    const rows = await this.database.db
      .delete(idempotencyKeys)
      .where(
        sql`(${idempotencyKeys.userId}, ${idempotencyKeys.key}) in (
          select user_id, key from ${idempotencyKeys} where created_at <= now() - ${TTL} limit ${limit} for update skip locked)`,
      )
      .returning({ key: idempotencyKeys.key });
    return rows.length;
  }
}
