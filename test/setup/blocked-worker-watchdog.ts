import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect } from 'vitest';

/**
 * Ends a test worker whose event loop stays blocked, instead of letting the run hang.
 *
 * Why: vitest's timeouts are timers, and a timer cannot fire while the thread is stuck in
 * synchronous code. PGlite runs PostgreSQL as WebAssembly on the test's own thread, so a query
 * that never returns (a WebAssembly spin) would hold the run until CI's limit, with no name on it.
 * A worker thread runs beside the blocked one: it sees the heartbeat stop, prints the file and
 * test that were running, and ends the process, so vitest reports that file as failed and the
 * run goes on.
 */
const BLOCKED_LIMIT_SECONDS = Number(process.env.TEST_BLOCKED_LIMIT_SECONDS ?? 180);
const NAME_BYTES = 1024;

interface WatchdogState {
  heartbeat: Int32Array;
  name: Uint8Array;
}

const key = Symbol.for('ihosi.test.blocked-worker-watchdog');
const holder = globalThis as unknown as Record<symbol, WatchdogState | undefined>;

function start(): WatchdogState {
  // [0] seconds of the last beat, [1] length of the current test's name in `name`.
  const heartbeat = new Int32Array(new SharedArrayBuffer(8));
  const name = new Uint8Array(new SharedArrayBuffer(NAME_BYTES));
  const beat = () => Atomics.store(heartbeat, 0, Math.floor(Date.now() / 1000));
  beat();
  setInterval(beat, 1000).unref();
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const { writeSync } = require('node:fs');
     const { heartbeat, name, limit } = workerData;
     setInterval(() => {
       const silent = Math.floor(Date.now() / 1000) - Atomics.load(heartbeat, 0);
       if (silent < limit) return;
       const test = Buffer.from(name.slice(0, Atomics.load(heartbeat, 1))).toString('utf8');
       writeSync(2, '\\nblocked-worker watchdog: the event loop has been blocked for ' + silent + ' s in ' + test + '; ending this worker\\n');
       process.kill(process.pid, 'SIGKILL');
     }, 5000);`,
    { eval: true, workerData: { heartbeat, name, limit: BLOCKED_LIMIT_SECONDS } },
  );
  worker.unref();
  return { heartbeat, name };
}

const state = (holder[key] ??= start());

function label(text: string): void {
  const bytes = Buffer.from(text, 'utf8').subarray(0, NAME_BYTES);
  state.name.set(bytes);
  Atomics.store(state.heartbeat, 1, bytes.length);
}

// Setup files run once per test file, before its hooks: a hang in a beforeAll is named by file.
label(`${expect.getState().testPath ?? '?'} (collecting, beforeAll)`);
beforeEach(() => label(`${expect.getState().testPath ?? '?'} > ${expect.getState().currentTestName ?? '?'}`));
afterEach(() => label(`${expect.getState().testPath ?? '?'} (afterEach, afterAll)`));
