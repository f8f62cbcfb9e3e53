/**
 * A job the application repeats on a timer: a poller (the outbox) or a purge. Every run must
 * be safe on several instances at once (rows claimed with SKIP LOCKED, idempotent updates),
 * since each instance runs its own runner.
 */
export interface PeriodicTask {
  /** Stable and unique: the runner's key, the `task` field of its log lines and metrics. */
  readonly name: string;
  readonly intervalMs: number;
  /**
   * One run. `signal` is aborted at shutdown: a run that loops (a purge in batches) stops at
   * the next batch boundary instead of holding the shutdown up. The result is returned by
   * `runOnce` (tests read counts from it); the runner itself ignores it.
   */
  run(signal: AbortSignal): Promise<unknown>;
}

/** How the runner waits between runs; tests pass their own to fire ticks by hand. */
export interface Timers {
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

/** Real intervals, unref'd so an idle timer never keeps the process alive on its own. */
export const systemTimers: Timers = {
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
