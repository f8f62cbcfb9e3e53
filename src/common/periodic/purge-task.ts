import type { Logger } from 'pino';
import type { PeriodicTask } from './periodic-task.js';

/** Purges are slow-moving housekeeping: every ten minutes is plenty. */
export const PURGE_INTERVAL_MS = 10 * 60_000;
/**
 * A run deletes batch after batch while batches come back full, but at most this many, so a
 * large backlog (the first run after an upgrade) drains over several runs instead of one long one.
 */
export const MAX_PURGE_BATCHES_PER_RUN = 20;

/** Rows deleted by one batch, per table (`{ refreshTokens: 3, sessionFamilies: 1 }`). */
export type PurgeCounts = Record<string, number>;

export interface PurgeTaskOptions {
  name: string;
  logger: Logger;
  batchSize: number;
  /**
   * One bounded statement (or a few): deletes at most `limit` rows of each kind and says how
   * many. The SQL lives in the owning module's repository.
   */
  purge(limit: number): Promise<PurgeCounts>;
}

/**
 * A purge as a periodic task: batches of at most `batchSize` rows each (short statements,
 * short locks), repeated while one came back full, logged with the counts (never the rows).
 * Returns the totals of the run.
 */
export function purgeTask(options: PurgeTaskOptions): PeriodicTask {
  return {
    name: options.name,
    intervalMs: PURGE_INTERVAL_MS,
    async run(signal: AbortSignal): Promise<PurgeCounts> {
      const totals: PurgeCounts = {};
      let batches = 0;
      let full = true;
      while (full && batches < MAX_PURGE_BATCHES_PER_RUN && !signal.aborted) {
        const counts = await options.purge(options.batchSize);
        batches++;
        for (const [kind, count] of Object.entries(counts)) totals[kind] = (totals[kind] ?? 0) + count;
        full = Object.values(counts).some((count) => count >= options.batchSize);
      }
      const deleted = Object.values(totals).some((count) => count > 0);
      options.logger[deleted ? 'info' : 'debug']({ task: options.name, batches, deleted: totals }, deleted ? 'purged' : 'nothing to purge');
      return totals;
    },
  };
}
