import type { Logger } from 'pino';
import { serializeError } from '../logging/logger.js';
import { systemTimers, type PeriodicTask, type Timers } from './periodic-task.js';
import { purgeTask, type PurgeCounts } from './purge-task.js';

export interface PeriodicTaskRunnerOptions {
  /** Off: nothing runs on a timer (tests, request-only instances); `runOnce` still works. */
  enabled: boolean;
  logger: Logger;
  /** Rows one purge statement deletes at most (PURGE_BATCH_SIZE). */
  purgeBatchSize: number;
  timers?: Timers;
  /** Told of every finished run (metrics). */
  onRun?: (task: string, outcome: 'ok' | 'failed') => void;
}

interface Entry {
  task: PeriodicTask;
  /** The run in flight, if any: at most one per task in this process. */
  running: Promise<unknown> | null;
  cancel: (() => void) | null;
}

/**
 * Every background job of the process, on one set of rules: registered by name, started with
 * the application and stopped (waiting for runs in flight) before the pools close; a tick
 * that finds the previous run still going is skipped, so runs of one task never overlap; a
 * failed run is logged and the next tick runs as usual. Tests call `runOnce(name)`.
 */
export class PeriodicTaskRunner {
  private readonly entries = new Map<string, Entry>();
  private readonly shutdown = new AbortController();
  private readonly timers: Timers;
  private started = false;

  constructor(private readonly options: PeriodicTaskRunnerOptions) {
    this.timers = options.timers ?? systemTimers;
  }

  register(task: PeriodicTask): void {
    if (this.entries.has(task.name)) throw new Error(`periodic task "${task.name}" is registered twice`);
    const entry: Entry = { task, running: null, cancel: null };
    this.entries.set(task.name, entry);
    if (this.started) this.schedule(entry);
  }

  /** Registers a purge (see purgeTask): `purge(limit)` is one bounded delete in the owning repository. */
  registerPurge(name: string, purge: (limit: number) => Promise<PurgeCounts>): void {
    this.register(purgeTask({ name, logger: this.options.logger, batchSize: this.options.purgeBatchSize, purge }));
  }

  /** The registered tasks' names, in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  start(): void {
    if (!this.options.enabled || this.started || this.shutdown.signal.aborted) return;
    this.started = true;
    for (const entry of this.entries.values()) this.schedule(entry);
    this.options.logger.info({ tasks: [...this.entries.values()].map((e) => ({ name: e.task.name, intervalMs: e.task.intervalMs })) }, 'periodic tasks started');
  }

  /** No new runs; runs in flight are told to stop (their signal) and awaited. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    for (const entry of this.entries.values()) {
      entry.cancel?.();
      entry.cancel = null;
    }
    await Promise.allSettled([...this.entries.values()].map((e) => e.running));
  }

  /**
   * Runs the task now and returns its result. A run already in flight is waited for first,
   * so this too never overlaps another run of the task. A failure is logged and rethrown.
   */
  async runOnce(name: string): Promise<unknown> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no periodic task "${name}"`);
    while (entry.running) await entry.running.catch(() => undefined);
    return this.launch(entry);
  }

  private schedule(entry: Entry): void {
    entry.cancel = this.timers.every(entry.task.intervalMs, () => {
      if (entry.running || this.shutdown.signal.aborted) return;
      this.launch(entry).catch(() => undefined); // logged in launch; the next tick runs as usual
    });
  }

  private launch(entry: Entry): Promise<unknown> {
    const { name } = entry.task;
    const run = Promise.resolve()
      .then(() => entry.task.run(this.shutdown.signal))
      .then(
        (result) => {
          this.options.onRun?.(name, 'ok');
          return result;
        },
        (error: unknown) => {
          this.options.onRun?.(name, 'failed');
          this.options.logger.error({ task: name, err: describe(error) }, 'periodic task failed; it runs again at its next interval');
          throw error;
        },
      )
      .finally(() => {
        if (entry.running === run) entry.running = null;
      });
    entry.running = run;
    return run;
  }
}

/**
 * Only the error's type, code and message (with any query parameters cut out), never its
 * other fields: a database error's `detail` can quote a row's values.
 */
function describe(error: unknown): Record<string, unknown> {
  const serialized = serializeError(error);
  if (!serialized || typeof serialized !== 'object') return { message: String(serialized) };
  const { type, message, code } = serialized as Record<string, unknown>;
  return { type, code, message };
}
