import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/common/logging/logger.js';
import type { PeriodicTask, Timers } from '../../../src/common/periodic/periodic-task.js';
import { PeriodicTaskRunner } from '../../../src/common/periodic/periodic-task.runner.js';

/** Timers that tick only when the test says so. */
class ManualTimers implements Timers {
  readonly scheduled: { ms: number; tick: () => void }[] = [];
  every(ms: number, tick: () => void): () => void {
    const entry = { ms, tick };
    this.scheduled.push(entry);
    return () => this.scheduled.splice(this.scheduled.indexOf(entry), 1);
  }
  fire(): void {
    for (const { tick } of [...this.scheduled]) tick();
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A task that counts its runs and how many overlap; each run waits for `release`. */
function gatedTask(name = 'gated') {
  const state = { runs: 0, active: 0, maxActive: 0, gate: deferred(), signals: [] as AbortSignal[] };
  const task: PeriodicTask = {
    name,
    intervalMs: 1_000,
    async run(signal) {
      state.runs++;
      state.signals.push(signal);
      state.active++;
      state.maxActive = Math.max(state.maxActive, state.active);
      await state.gate.promise;
      state.active--;
      return state.runs;
    },
  };
  const release = () => {
    state.gate.resolve();
    state.gate = deferred();
  };
  return { task, state, release };
}

function setup(enabled = true) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ log: { level: 'debug' } }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }));
  const timers = new ManualTimers();
  const outcomes: string[] = [];
  const runner = new PeriodicTaskRunner({ enabled, logger, timers, purgeBatchSize: 10, onRun: (task, outcome) => outcomes.push(`${task}:${outcome}`) });
  return { runner, timers, lines, outcomes };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('periodic-task runner', () => {
  it('schedules every registered task at its interval on start, and nothing while disabled', () => {
    const on = setup();
    on.runner.register(gatedTask('a').task);
    on.runner.register({ ...gatedTask('b').task, intervalMs: 60_000 });
    expect(on.timers.scheduled).toHaveLength(0);
    on.runner.start();
    expect(on.timers.scheduled.map((s) => s.ms)).toEqual([1_000, 60_000]);
    expect(on.runner.names()).toEqual(['a', 'b']);

    const off = setup(false);
    off.runner.register(gatedTask().task);
    off.runner.start();
    expect(off.timers.scheduled).toHaveLength(0);
  });

  it('skips a tick while the previous run of the task is still going', async () => {
    const { runner, timers } = setup();
    const { task, state, release } = gatedTask();
    runner.register(task);
    runner.start();
    timers.fire();
    timers.fire();
    timers.fire();
    await settle();
    expect(state.runs).toBe(1);
    release();
    await settle();
    timers.fire();
    await settle();
    expect(state.runs).toBe(2);
    expect(state.maxActive).toBe(1);
    release();
  });

  it('runOnce waits for a run in flight and returns its own run’s result, never overlapping', async () => {
    const { runner, timers } = setup();
    const { task, state, release } = gatedTask();
    runner.register(task);
    runner.start();
    timers.fire();
    const results = [runner.runOnce('gated'), runner.runOnce('gated')];
    for (let i = 0; i < 3; i++) {
      await settle();
      release();
    }
    expect(await Promise.all(results)).toEqual([2, 3]);
    expect(state.maxActive).toBe(1);
  });

  it('logs a failed run without the error’s details and runs the task again at the next tick', async () => {
    const { runner, timers, lines, outcomes } = setup();
    let calls = 0;
    const failure = Object.assign(new DrizzleQueryError('delete from "refresh_tokens" where "token_hash" = $1', ['secret-digest-value'], new Error('deadlock detected')), {
      code: '40P01',
      detail: 'Key (email)=(pat@example.com) is still referenced',
    });
    runner.register({
      name: 'flaky',
      intervalMs: 1_000,
      async run() {
        calls++;
        if (calls === 1) throw failure;
        return 'ok';
      },
    });
    runner.start();
    timers.fire();
    await settle();
    timers.fire();
    await settle();
    expect(calls).toBe(2);
    expect(outcomes).toEqual(['flaky:failed', 'flaky:ok']);
    const logged = lines.find((l) => l.msg === 'periodic task failed; it runs again at its next interval');
    expect(logged).toMatchObject({ task: 'flaky', level: 50, err: { code: '40P01' } });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('pat@example.com');
    expect(text).not.toContain('secret-digest-value');
    await expect(runner.runOnce('flaky')).resolves.toBe('ok');
  });

  it('rethrows a failure from runOnce after logging it', async () => {
    const { runner, lines } = setup(false);
    runner.register({ name: 'broken', intervalMs: 1_000, run: () => Promise.reject(new Error('no database')) });
    await expect(runner.runOnce('broken')).rejects.toThrow('no database');
    expect(lines.some((l) => l.task === 'broken' && l.level === 50)).toBe(true);
  });

  it('stop cancels the timers, aborts the signal of the run in flight and waits for it', async () => {
    const { runner, timers } = setup();
    const { task, state, release } = gatedTask();
    runner.register(task);
    runner.start();
    timers.fire();
    await settle();
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await settle();
    expect(timers.scheduled).toHaveLength(0);
    expect(state.signals[0]!.aborted).toBe(true);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(state.active).toBe(0);
    runner.start();
    expect(timers.scheduled).toHaveLength(0);
  });

  it('refuses a second task of the same name and a run of an unknown one', async () => {
    const { runner } = setup();
    runner.register(gatedTask('once').task);
    expect(() => runner.register(gatedTask('once').task)).toThrow('registered twice');
    await expect(runner.runOnce('never')).rejects.toThrow('no periodic task');
  });
});
