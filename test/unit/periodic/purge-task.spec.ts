import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/common/logging/logger.js';
import { MAX_PURGE_BATCHES_PER_RUN, purgeTask } from '../../../src/common/periodic/purge-task.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ log: { level: 'debug' } }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }));
  return { lines, logger };
}

/** A table of `rows` rows that a purge deletes at most `limit` of at a time. */
function table(rows: number) {
  const state = { rows, limits: [] as number[] };
  const purge = async (limit: number) => {
    state.limits.push(limit);
    const deleted = Math.min(limit, state.rows);
    state.rows -= deleted;
    return { rows: deleted };
  };
  return { state, purge };
}

describe('purge task', () => {
  it('deletes in batches of at most the batch size until a batch comes back short, and logs the counts', async () => {
    const { lines, logger } = capture();
    const { state, purge } = table(7);
    const task = purgeTask({ name: 'test.purge', logger, batchSize: 3, purge });
    expect(await task.run(new AbortController().signal)).toEqual({ rows: 7 });
    expect(state.limits).toEqual([3, 3, 3]);
    expect(lines.at(-1)).toMatchObject({ level: 30, task: 'test.purge', batches: 3, deleted: { rows: 7 }, msg: 'purged' });
  });

  it('stops after the per-run cap of batches, leaving the rest to the next run', async () => {
    const { logger } = capture();
    const { state, purge } = table(1_000);
    const task = purgeTask({ name: 'test.purge', logger, batchSize: 2, purge });
    expect(await task.run(new AbortController().signal)).toEqual({ rows: 2 * MAX_PURGE_BATCHES_PER_RUN });
    expect(state.rows).toBe(1_000 - 2 * MAX_PURGE_BATCHES_PER_RUN);
  });

  it('stops between batches once shutdown aborts the run', async () => {
    const { logger } = capture();
    const controller = new AbortController();
    const { state, purge } = table(10);
    const task = purgeTask({
      name: 'test.purge',
      logger,
      batchSize: 2,
      purge: async (limit) => {
        controller.abort();
        return purge(limit);
      },
    });
    expect(await task.run(controller.signal)).toEqual({ rows: 2 });
    expect(state.rows).toBe(8);
  });

  it('logs an empty run at debug level only', async () => {
    const { lines, logger } = capture();
    await purgeTask({ name: 'test.purge', logger, batchSize: 5, purge: table(0).purge }).run(new AbortController().signal);
    expect(lines.at(-1)).toMatchObject({ level: 20, msg: 'nothing to purge', deleted: { rows: 0 } });
  });
});
