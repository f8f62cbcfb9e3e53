/* global process, fetch, setTimeout, console -- Node globals; this file is plain JavaScript run by node after the build */
// Login throughput vs raw bcrypt, and event-loop delay during a login storm.
// Run after `npm run build`:  node scripts/bench-auth.mjs  [DATABASE_URL=postgres://… REDIS_URL=redis://…]
// Prints a Markdown table for docs/BENCHMARKS.md. Not a test: numbers depend on the machine.
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';
import { pino } from 'pino';
import 'reflect-metadata';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';

const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const POOL = Number(process.env.UV_THREADPOOL_SIZE ?? 4);

const config = loadConfig({
  ...process.env,
  NODE_ENV: process.env.DATABASE_URL ? 'production' : 'development',
  DATA_DIR: process.env.DATA_DIR ?? 'memory://',
  JWT_SECRET: 'bench-access-secret-0123456789abcdef0123',
  JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
  LOG_LEVEL: 'info',
  SWAGGER_ENABLED: 'false',
});
const cost = config.auth.bcryptCost;

/** Raw bcrypt: as many concurrent compares as the thread pool runs, for PHASE_SECONDS. */
async function rawBcrypt() {
  const hash = await bcrypt.hash('x', cost);
  const input = createHash('sha256').update('correct horse battery staple').digest('base64');
  let done = 0;
  const end = performance.now() + PHASE_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.max(POOL, CONCURRENCY) }, async () => {
      while (performance.now() < end) {
        await bcrypt.compare(input, hash);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Each concurrent client signs in as its own user, as real traffic would. */
async function loginStorm(base, accounts) {
  let ok = 0;
  let other = 0;
  const latencies = [];
  const probe = [];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const end = performance.now() + PHASE_SECONDS * 1000;
  delay.enable();
  const started = performance.now();
  const workers = accounts.map(async (account) => {
    const body = JSON.stringify(account);
    while (performance.now() < end) {
      const t0 = performance.now();
      const response = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.text();
      if (response.status !== 200 && other === 0) console.error(text.slice(0, 300));
      latencies.push(performance.now() - t0);
      if (response.status === 200) ok++;
      else if (other++ === 0) console.error(`first failed login: ${response.status}`);
    }
  });
  // Another client's cheap request during the storm: how long does it wait?
  const prober = (async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await (await fetch(`${base}/health/live`)).arrayBuffer();
      probe.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await Promise.all([...workers, prober]);
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  return {
    loginsPerSecond: ok / seconds,
    failures: other,
    loginP50: percentile(latencies, 50),
    loginP99: percentile(latencies, 99),
    loopP50: delay.percentile(50) / 1e6,
    loopP99: delay.percentile(99) / 1e6,
    loopMax: delay.max / 1e6,
    healthP50: percentile(probe, 50),
    healthP99: percentile(probe, 99),
  };
}

const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
const app = await createApp(config, logger);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
const password = 'Bench-password-for-throughput-42';
const accounts = [];
for (let i = 0; i < CONCURRENCY; i++) {
  const email = `bench.${Date.now()}.${i}@example.com`;
  const registered = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, fullName: 'Bench Mark', role: 'patient' }),
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${await registered.text()}`);
  accounts.push({ email, password });
}

// Warm-up, then raw / storm / raw, so drift on a shared machine shows up.
await loginStorm(base, accounts).catch(() => undefined);
const rawBefore = await rawBcrypt();
const storm = await loginStorm(base, accounts);
const rawAfter = await rawBcrypt();
await app.close();

const raw = (rawBefore + rawAfter) / 2;
const f = (n, d = 1) => n.toFixed(d);
console.log(`
| | |
|---|---|
| machine | ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} |
| Node | ${process.version}, UV_THREADPOOL_SIZE=${POOL} |
| database / cache | ${config.database.kind} / ${config.cache.kind} |
| bcrypt cost | ${cost} |
| phase length, login concurrency | ${PHASE_SECONDS} s, ${CONCURRENCY} |
| raw bcrypt compares/s (before / after / mean) | ${f(rawBefore, 2)} / ${f(rawAfter, 2)} / ${f(raw, 2)} |
| logins/s (HTTP, 200 OK) | ${f(storm.loginsPerSecond, 2)} (non-200: ${storm.failures}) |
| **login ÷ raw bcrypt** | **${f(storm.loginsPerSecond / raw, 3)}** |
| login latency p50 / p99 | ${f(storm.loginP50, 0)} ms / ${f(storm.loginP99, 0)} ms |
| event-loop delay p50 / **p99** / max during the storm | ${f(storm.loopP50)} ms / **${f(storm.loopP99)} ms** / ${f(storm.loopMax)} ms |
| GET /health/live during the storm p50 / p99 | ${f(storm.healthP50)} ms / ${f(storm.healthP99)} ms |
`);
process.exit(0);
