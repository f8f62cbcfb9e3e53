/* global process, fetch, setTimeout, console -- Node globals; this file is plain JavaScript run by node after the build */
// Login throughput vs raw bcrypt, and event-loop delay during a login storm.
// Run after `npm run build`:  node scripts/bench-auth.mjs  [DATABASE_URL=postgres://… REDIS_URL=redis://…]
// Prints a Markdown table for docs/BENCHMARKS.md. Not a test: numbers depend on the machine.
// `--json FILE` also writes the figures as JSON (scripts/bench.mjs, `npm run bench`, reads them).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createHash, randomBytes } from 'node:crypto';
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
  DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
  // The prober asks /health/live 20 times a second, over the probe limit's default.
  RATE_LIMIT_PROBE_PER_MINUTE: '1000000',
  // The enumeration phase signs in with wrong passwords; it must not lock its account.
  LOGIN_LOCKOUT_ATTEMPTS: '100',
  LOG_LEVEL: 'info',
  SWAGGER_ENABLED: 'false',
});
const cost = config.auth.bcryptCost;

/**
 * Raw bcrypt throughput: back-to-back compares for `seconds`, `concurrency` at a time.
 * Measured with one job per CPU and with one per thread-pool thread; the better of the two is
 * the baseline (the conservative choice for the ratio).
 */
async function rawBcryptAt(concurrency, seconds) {
  const hash = await bcrypt.hash('x', cost);
  const input = createHash('sha256').update('correct horse battery staple').digest('base64');
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await bcrypt.compare(input, hash);
        done++;
      }
    }),
  );
  rawCpu.ops += done;
  rawCpu.seconds += cpuSeconds(process.cpuUsage(cpuStart));
  return done / ((performance.now() - started) / 1000);
}

/** CPU time of this whole process (every thread), which other tenants of the machine do not inflate. */
const cpuSeconds = (usage) => (usage.user + usage.system) / 1e6;
const rawCpu = { ops: 0, seconds: 0 };
const loginCpu = { ops: 0, seconds: 0 };

async function rawBcrypt() {
  const perCpu = await rawBcryptAt(cpus().length, PHASE_SECONDS / 2);
  const perThread = await rawBcryptAt(POOL, PHASE_SECONDS / 2);
  rawDetail.push(`${perCpu.toFixed(2)}@${cpus().length}, ${perThread.toFixed(2)}@${POOL}`);
  return Math.max(perCpu, perThread);
}
const rawDetail = [];

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
  const cpuStart = process.cpuUsage();
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
  loginCpu.ops += ok;
  loginCpu.seconds += cpuSeconds(process.cpuUsage(cpuStart));
  return {
    loginsPerSecond: ok / seconds,
    failures: other,
    loginP50: percentile(latencies, 50),
    loginP95: percentile(latencies, 95),
    loginP99: percentile(latencies, 99),
    loopP50: delay.percentile(50) / 1e6,
    loopP99: delay.percentile(99) / 1e6,
    loopMax: delay.max / 1e6,
    healthP50: percentile(probe, 50),
    healthP99: percentile(probe, 99),
  };
}

/**
 * A sign-in for an e-mail with no account must cost what a wrong password costs (the same
 * bcrypt work), or response times tell which addresses have accounts. The tests check that
 * the work is done; this measures what it costs: one attempt at a time, the two kinds
 * alternating, so both see the same machine.
 */
async function enumerationTiming(base, email, samples) {
  const attempt = async (address, i) => {
    const t0 = performance.now();
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: address, password: `Not-the-password-${i}` }),
    });
    await response.text();
    if (response.status !== 401) throw new Error(`a wrong sign-in answered ${response.status}`);
    return performance.now() - t0;
  };
  const wrong = [];
  const unknown = [];
  for (let i = 0; i < samples; i++) {
    wrong.push(await attempt(email, i));
    unknown.push(await attempt(`ghost.${Date.now()}.${i}@example.com`, i));
  }
  const wrongP50 = percentile(wrong, 50);
  const unknownP50 = percentile(unknown, 50);
  return { samples, wrongP50, unknownP50, ratio: unknownP50 / wrongP50 };
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

// On a shared machine other work comes and goes, so raw and login phases alternate
// (raw, login, raw, login, …, raw) and each login phase is compared with the raw phases
// either side of it.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const loadBefore = loadavg()[0];
await loginStorm(base, accounts).catch(() => undefined); // warm-up
loginCpu.ops = 0;
loginCpu.seconds = 0;
const raws = [await rawBcrypt()];
const storms = [];
for (let round = 0; round < ROUNDS; round++) {
  storms.push(await loginStorm(base, accounts));
  raws.push(await rawBcrypt());
}
const enumeration = await enumerationTiming(base, accounts[0].email, Number(process.env.BENCH_ENUMERATION_SAMPLES ?? 15));
await app.close();

const f = (n, d = 1) => n.toFixed(d);
const ratios = storms.map((storm, i) => storm.loginsPerSecond / ((raws[i] + raws[i + 1]) / 2));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const worst = (key) => Math.max(...storms.map((s) => s[key]));
console.log(`
| | |
|---|---|
| machine | ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${f(loadBefore, 2)} at start (shared) |
| Node | ${process.version}, UV_THREADPOOL_SIZE=${POOL} |
| database / cache | ${config.database.kind} / ${config.cache.kind} |
| bcrypt cost | ${cost} |
| phases | ${ROUNDS} login phases of ${PHASE_SECONDS} s between ${ROUNDS + 1} raw phases; ${CONCURRENCY} concurrent clients (one account each) |
| raw bcrypt compares/s, per phase (the better of: rate@concurrency) | ${raws.map((r) => f(r, 2)).join(' / ')} (${rawDetail.join('; ')}) |
| logins/s (HTTP 200), per phase | ${storms.map((s) => f(s.loginsPerSecond, 2)).join(' / ')} (non-200: ${storms.reduce((n, s) => n + s.failures, 0)}) |
| **login ÷ raw bcrypt**, per phase | ${ratios.map((r) => f(r, 3)).join(' / ')}; **median ${f(median(ratios), 3)}** |
| CPU time per operation, this process (all threads): raw compare / login (incl. the load generator) | ${f((rawCpu.seconds / rawCpu.ops) * 1000, 0)} ms / ${f((loginCpu.seconds / loginCpu.ops) * 1000, 0)} ms |
| **login ÷ raw bcrypt by CPU time** (throughput on a dedicated machine) | **${f(rawCpu.seconds / rawCpu.ops / (loginCpu.seconds / loginCpu.ops), 3)}** |
| login latency p50 / p99 (worst phase) | ${f(worst('loginP50'), 0)} ms / ${f(worst('loginP99'), 0)} ms |
| event-loop delay p50 / **p99** / max (worst phase) | ${f(worst('loopP50'))} ms / **${f(worst('loopP99'))} ms** / ${f(worst('loopMax'))} ms |
| GET /health/live during the storm p50 / p99 (worst phase) | ${f(worst('healthP50'))} ms / ${f(worst('healthP99'))} ms |
| sign-in p50, wrong password / unknown e-mail (${enumeration.samples} each, alternating) | ${f(enumeration.wrongP50)} ms / ${f(enumeration.unknownP50)} ms; **unknown ÷ wrong ${f(enumeration.ratio, 2)}** (goal ≈ 1) |
`);
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0 && process.argv[jsonAt + 1]) {
  const perOp = (c) => (c.seconds / c.ops) * 1000;
  writeFileSync(
    process.argv[jsonAt + 1],
    JSON.stringify({
      loadBefore, threadPool: POOL, database: config.database.kind, cache: config.cache.kind, bcryptCost: cost,
      rounds: ROUNDS, phaseSeconds: PHASE_SECONDS, concurrency: CONCURRENCY,
      rawPerSecond: raws, rawDetail, loginsPerSecond: storms.map((s) => s.loginsPerSecond),
      failures: storms.reduce((n, s) => n + s.failures, 0),
      ratios, medianRatio: median(ratios),
      cpuMsPerRaw: perOp(rawCpu), cpuMsPerLogin: perOp(loginCpu), cpuRatio: perOp(rawCpu) / perOp(loginCpu),
      loginP50: worst('loginP50'), loginP95: worst('loginP95'), loginP99: worst('loginP99'),
      loopP50: worst('loopP50'), loopP99: worst('loopP99'), loopMax: worst('loopMax'),
      healthP50: worst('healthP50'), healthP99: worst('healthP99'),
      enumeration,
    }, null, 2),
  );
}
process.exit(0);
