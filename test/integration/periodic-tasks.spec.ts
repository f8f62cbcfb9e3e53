import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PeriodicTaskRunner } from '../../src/common/periodic/periodic-task.runner.js';
import { DATABASE, type Database } from '../../src/db/database.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const EVERY_TASK = [
  'scheduling.outbox',
  'scheduling.next-available',
  'scheduling.purge-idempotency-keys',
  'scheduling.purge-outbox',
  'auth.purge-sessions',
  'auth.purge-password-resets',
  'scheduling.waitlist-expired-offers',
  'scheduling.purge-holds',
  'auth.purge-mfa-challenges',
];

describe('periodic tasks of the application', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are registered on one runner, which under NODE_ENV=test runs them only when asked', async () => {
    const runner = t.app.get(PeriodicTaskRunner);
    expect(runner.names()).toEqual(expect.arrayContaining(EVERY_TASK));
    expect(t.logs.some((l) => l.msg === 'periodic tasks started')).toBe(false);
    expect(await runner.runOnce('scheduling.outbox')).toBe(0);
  });
});

describe('periodic tasks with OUTBOX_WORKER_ENABLED=true', () => {
  it('start with the application and, at shutdown, runs in flight finish before the pools close', async () => {
    const t = await startTestApp({ env: { OUTBOX_WORKER_ENABLED: 'true' } });
    const started = t.logs.find((l) => l.msg === 'periodic tasks started') as { tasks: { name: string }[] } | undefined;
    expect(started?.tasks.map((task) => task.name)).toEqual(expect.arrayContaining(EVERY_TASK));

    const runner = t.app.get(PeriodicTaskRunner);
    const database = t.app.get<Database>(DATABASE);
    const seen: { running: boolean; queriedAfterAbort: unknown } = { running: false, queriedAfterAbort: null };
    runner.register({
      name: 'test.in-flight',
      intervalMs: 20,
      async run(signal) {
        if (seen.running) return;
        seen.running = true;
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        // Still working well after shutdown began: only a runner that waits keeps the pool open.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const result = (await database.db.execute(sql`select 1 as one`)) as unknown as { rows: { one: number }[] };
        seen.queriedAfterAbort = result.rows[0]!.one;
      },
    });
    await vi.waitFor(() => expect(seen.running).toBe(true), { timeout: 5_000, interval: 10 });
    await t.close();
    expect(seen.queriedAfterAbort).toBe(1);
  });
});
