import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { outbox } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';

export interface OutboxMessage {
  kind: string;
  payload: Record<string, string>;
  availableAt?: Date;
}

export interface ClaimedMessage {
  id: string;
  kind: string;
  payload: Record<string, string>;
  attempts: number;
}

@Injectable()
export class OutboxRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async enqueue(tx: Executor, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await tx.insert(outbox).values(messages.map((m) => ({ kind: m.kind, payload: m.payload, ...(m.availableAt ? { availableAt: m.availableAt } : {}) })));
  }

  /**
   * Claims up to `limit` due messages for `leaseSeconds`: SKIP LOCKED lets several workers
   * (instances) claim disjoint batches, and the lease (a later available_at) keeps them
   * disjoint after the claiming statement commits. A worker that dies mid-send leaves the
   * message to be retried when the lease runs out: delivery is at least once.
   */
  async claimDue(limit: number, leaseSeconds: number, maxAttempts: number): Promise<ClaimedMessage[]> {
    const result = (await this.database.db.execute(sql`
      update outbox set attempts = attempts + 1, available_at = now() + make_interval(secs => ${leaseSeconds})
      where id in (
        select id from outbox
        where sent_at is null and available_at <= now() and attempts < ${maxAttempts}
        order by available_at
        limit ${limit}
        for update skip locked
      )
      returning id, kind, payload, attempts`)) as unknown as { rows: ClaimedMessage[] };
    return result.rows;
  }

  async markSent(id: string): Promise<void> {
    await this.database.db.update(outbox).set({ sentAt: sql`now()`, lastError: null }).where(eq(outbox.id, id));
  }

  async markFailed(id: string, error: string, retryInSeconds: number): Promise<void> {
    await this.database.db
      .update(outbox)
      .set({ lastError: error.slice(0, 500), availableAt: sql`now() + make_interval(secs => ${retryInSeconds})` })
      .where(eq(outbox.id, id));
  }

  /**
   * Deletes up to `limit` messages delivered more than `retentionDays` ago. Messages never
   * delivered (pending, or given up after the last attempt) stay: the latter are what an
   * operator looks at when mail fails. SKIP LOCKED: concurrent purges take disjoint rows.
   */
  async purgeDelivered(retentionDays: number, limit: number): Promise<number> {
    const rows = await this.database.db
      .delete(outbox)
      .where(
        sql`${outbox.id} in (
          select id from ${outbox} where sent_at < now() - make_interval(days => ${retentionDays}) limit ${limit} for update skip locked)`,
      )
      .returning({ id: outbox.id });
    return rows.length;
  }
}
