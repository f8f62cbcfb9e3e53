import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { outbox } from '../../../db/schema/index.js';
import { nowAtInstantPrecision } from '../../../db/schema/columns.js';
import type { Executor } from '../../../db/transactions.js';

export interface OutboxMessage {
  kind: string;
  payload: Record<string, string>;
  availableAt?: Date;
}

export type OutboxRow = typeof outbox.$inferSelect;

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
        where sent_at is null and dead_at is null and available_at <= ${nowAtInstantPrecision} and attempts < ${maxAttempts}
        order by available_at
        limit ${limit}
        for update skip locked
      )
      returning id, kind, payload, attempts`)) as unknown as { rows: ClaimedMessage[] };
    return result.rows;
  }

  /** Claimed messages this worker will not send after all (it is stopping): due again now, the claim's attempt not counted. */
  async unclaim(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.database.db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} - 1`, availableAt: sql`now()` })
      .where(and(inArray(outbox.id, ids), isNull(outbox.sentAt), isNull(outbox.deadAt)));
  }

  /** Marks a message delivered and writes the rows it leaves for later (deliveries quiet hours hold), together. */
  async markSent(id: string, followUps: OutboxMessage[] = []): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.update(outbox).set({ sentAt: sql`now()`, lastError: null }).where(eq(outbox.id, id));
      await this.enqueue(tx, followUps);
    });
  }

  /** A failed attempt: retried after `retryInSeconds`, or, with `dead`, a dead letter for an admin to look at. */
  async markFailed(id: string, error: string, retryInSeconds: number, dead = false): Promise<void> {
    await this.database.db
      .update(outbox)
      .set({ lastError: error.slice(0, 500), availableAt: sql`now() + make_interval(secs => ${retryInSeconds})`, ...(dead ? { deadAt: sql`now()` } : {}) })
      .where(eq(outbox.id, id));
  }

  /** Deletes an appointment's reminders not yet sent (cancelled, or moved: new ones are written beside). */
  async dropPendingReminders(tx: Executor, appointmentId: string): Promise<void> {
    await tx
      .delete(outbox)
      .where(and(eq(outbox.kind, 'appointment.reminder'), isNull(outbox.sentAt), sql`${outbox.payload}->>'appointmentId' = ${appointmentId}`));
  }

  /** Dead letters, newest first, after the keyset position `after`. */
  listDead(limit: number, after?: { deadAt: Date; id: string }): Promise<OutboxRow[]> {
    const position = after ? or(lt(outbox.deadAt, after.deadAt), and(eq(outbox.deadAt, after.deadAt), lt(outbox.id, after.id))) : undefined;
    return this.database.db
      .select()
      .from(outbox)
      .where(and(isNotNull(outbox.deadAt), isNull(outbox.sentAt), position))
      .orderBy(desc(outbox.deadAt), desc(outbox.id))
      .limit(limit);
  }

  /** Puts a dead letter back in the queue with a fresh set of attempts; null when `id` is not one. */
  async retryDead(id: string): Promise<OutboxRow | null> {
    const [row] = await this.database.db
      .update(outbox)
      .set({ deadAt: null, attempts: 0, availableAt: sql`now()` })
      .where(and(eq(outbox.id, id), isNotNull(outbox.deadAt), isNull(outbox.sentAt)))
      .returning();
    return row ?? null;
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
