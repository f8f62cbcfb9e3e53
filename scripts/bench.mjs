// `npm run bench`: the whole benchmark in one command (issue 7), under 10 minutes.
//
//   npm run bench                       # build, measure everything, rewrite docs/BENCHMARKS.md
//   node scripts/bench.mjs --out FILE   # after `npm run build`; write the report elsewhere
//   node scripts/bench.mjs --only doctors,scaling   # a subset (the report marks the rest "not run")
//
// Environment: DATABASE_URL (a PostgreSQL server; default postgres://postgres@127.0.0.1:5432;
// any database name in it is ignored: a scratch database is created and dropped), REDIS_URL
// (default redis://127.0.0.1:6379; keys go under a unique prefix, deleted at the end).
//
// What it does, in order, each step in its own child process with a time budget:
//   1. creates the scratch database and seeds 10,000 doctors (dist/scripts/seed.js);
//   2. doctors: scripts/bench-doctors.mjs (search and profile: bare Fastify + pg with the
//      same SQL, the app with its cache bypassed, the app as deployed);
//   3. scaling: GET /api/v1/doctors/:id against `node dist/cluster.js --workers N`, N = 1, 2, 4;
//   4. scheduling: scripts/bench-scheduling.mjs (its own scratch database: 31-day slots for a
//      doctor with 5,000 appointments, bookings vs raw INSERTs, a 200-way race on two instances);
//   5. overhead: scripts/bench-overhead.mjs (GET /health/live and GET /auth/me next to bare
//      Fastify handlers doing the same work, issue 17);
//   6. auth: scripts/bench-auth.mjs (login at the default bcrypt cost vs raw bcrypt compares);
// then drops the database and renders docs/BENCHMARKS.md from scripts/bench-template.md.
// The per-area scripts stay runnable on their own; here they are run with `--json FILE`.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadGet } from './bench-load.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const { values: args } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
const outFile = args.out ?? join(root, 'docs/BENCHMARKS.md');
const only = args.only ? new Set(args.only.split(',')) : null;
const wanted = (step) => !only || only.has(step);

const TOTAL_BUDGET_S = Number(process.env.BENCH_TOTAL_SECONDS ?? 570); // 9.5 minutes, build excluded
const DOCTORS = Number(process.env.BENCH_DOCTORS ?? 10_000);
const SCALE_WORKERS = [1, 2, 4];
const SCALE_SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 10);
const SCALE_CONNECTIONS = Number(process.env.BENCH_SCALE_CONNECTIONS ?? 16);

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}_${randomBytes(3).toString('hex')}`;
const dbName = `ihosi_bench_${runId}`;
const keyPrefix = `ihosi-bench-${runId}:`;
const withDatabase = (url, name) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
const adminUrl = withDatabase(serverUrl, 'postgres');
const dbUrl = withDatabase(serverUrl, dbName);
const work = mkdtempSync(join(tmpdir(), 'ihosi-bench-'));
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const log = (message) => process.stderr.write(`[bench ${elapsed().toFixed(0).padStart(3)} s] ${message}\n`);

const secrets = {
  JWT_SECRET: 'bench-access-secret-0123456789abcdef0123',
  JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
  // PHI encryption key for the run (production requires one); every instance shares it.
  DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
};

/**
 * The limits another part of the service enforces must not cut the benchmark short. Very high
 * values, lowered to the largest accepted one for any variable the configuration refuses.
 */
async function limitsEnv() {
  const { loadConfig } = await import('../dist/config/config.js');
  const env = {
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000000',
    RATE_LIMIT_BOOKING_PER_MINUTE: '100000000',
    RATE_LIMIT_PROBE_PER_MINUTE: '100000000',
    MAX_FUTURE_APPOINTMENTS: '1000000',
  };
  for (const fallback of ['1000000', '100000', '10000', null]) {
    try {
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: dbUrl, ...secrets, ...env });
      return env;
    } catch (error) {
      const refused = (error.problems ?? []).map((p) => p.variable).filter((v) => v in env);
      if (refused.length === 0 || fallback === null) throw error;
      for (const name of refused) env[name] = fallback;
    }
  }
  return env;
}

async function admin(query) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(query);
  } finally {
    await client.end();
  }
}

/** A child process in its own process group (so a timeout ends its servers too), with a budget. */
function runChild(name, command, argv, env, budgetSeconds, { onStdout } = {}) {
  const t0 = performance.now();
  const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  const done = new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(String(d));
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      for (const line of String(d).split('\n').filter(Boolean)) process.stderr.write(`  ${name}: ${line.slice(0, 240)}\n`);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${name}: over its budget of ${budgetSeconds} s, stopping it`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5_000).unref();
    }, budgetSeconds * 1000);
    child.on('exit', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      const seconds = (performance.now() - t0) / 1000;
      const ok = code === 0 && !timedOut;
      const reason = timedOut ? `stopped after its ${budgetSeconds} s budget` : ok ? null : `exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' ').slice(0, 300)}`;
      resolve({ ok, seconds, stdout, stderr, reason });
    });
  });
  return { child, done };
}
const children = new Set();
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Seconds left for a step: its own budget, or what is left of the total, whichever is less. */
function budget(seconds) {
  return Math.max(10, Math.min(seconds, TOTAL_BUDGET_S - elapsed()));
}

const steps = {}; // name -> { ok, seconds, reason, data }

async function step(name, budgetSeconds, script, env) {
  if (!wanted(name)) {
    steps[name] = { ok: false, reason: 'not run (--only)' };
    return;
  }
  const jsonFile = join(work, `${name}.json`);
  log(`${name}: starting (budget ${budget(budgetSeconds).toFixed(0)} s)`);
  const r = await runChild(name, process.execPath, [here(script), '--json', jsonFile], env, budget(budgetSeconds)).done;
  let data = null;
  try {
    data = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch {
    // no JSON: the step failed before writing it
  }
  steps[name] = { ok: r.ok && data !== null, seconds: r.seconds, reason: r.reason ?? (data ? null : 'wrote no results'), data, markdown: r.stdout };
  log(`${name}: ${steps[name].ok ? 'done' : `FAILED (${steps[name].reason})`} in ${r.seconds.toFixed(0)} s`);
}

async function scaling(baseEnv) {
  if (!wanted('scaling')) {
    steps.scaling = { ok: false, reason: 'not run (--only)' };
    return;
  }
  const t0 = performance.now();
  log('scaling: starting');
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const ids = (await client.query(`select id from doctors where verification_status = 'verified' order by random() limit 500`)).rows.map((r) => r.id);
  await client.end();
  const paths = ids.map((id) => `/api/v1/doctors/${id}`);
  const rows = [];
  try {
    for (const workers of SCALE_WORKERS) {
      if (elapsed() > TOTAL_BUDGET_S - 30) throw new Error(`no time left for ${workers} instances`);
      const port = 4100 + Math.floor(Math.random() * 800);
      let listening = 0;
      let ready;
      const allListening = new Promise((resolve) => (ready = resolve));
      const cluster = runChild(
        `cluster×${workers}`,
        process.execPath,
        ['--import', here('./bench-cluster-ready.mjs'), join(root, 'dist/cluster.js'), '--workers', String(workers)],
        { ...baseEnv, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SHUTDOWN_DELAY_SECONDS: '0' },
        budget(60),
        {
          onStdout: (text) => {
            listening += (text.match(/bench: worker \d+ listening/g) ?? []).length;
            if (listening >= workers) ready();
          },
        },
      );
      const exited = cluster.done.then((r) => {
        throw new Error(`cluster of ${workers} exited early: ${r.reason ?? 'exit 0'}`);
      });
      exited.catch(() => undefined);
      try {
        await Promise.race([allListening, exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`${workers} workers did not all listen within 45 s`)), 45_000))]);
        const url = `http://127.0.0.1:${port}`;
        await loadGet(url, paths, 3, SCALE_CONNECTIONS); // warm-up: pools, plans, the cache
        const r = await loadGet(url, paths, SCALE_SECONDS, SCALE_CONNECTIONS);
        rows.push({ workers, ...r });
        log(`scaling: ${workers} instance(s): ${r.rps.toFixed(0)} req/s, p95 ${r.p95.toFixed(1)} ms, non-200 ${r.errors}`);
      } finally {
        // SIGTERM to the primary: it stops its workers, which finish their in-flight requests.
        cluster.child.kill('SIGTERM');
        await cluster.done;
      }
    }
    steps.scaling = { ok: true, seconds: (performance.now() - t0) / 1000, data: { rows, seconds: SCALE_SECONDS, connections: SCALE_CONNECTIONS, endpoint: 'GET /api/v1/doctors/:id' } };
  } catch (error) {
    steps.scaling = { ok: false, seconds: (performance.now() - t0) / 1000, reason: error.message, data: { rows, seconds: SCALE_SECONDS, connections: SCALE_CONNECTIONS, endpoint: 'GET /api/v1/doctors/:id' } };
  }
  log(`scaling: ${steps.scaling.ok ? 'done' : `FAILED (${steps.scaling.reason})`}`);
}

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

async function machine() {
  const git = (...argv) => {
    try {
      return execFileSync('git', argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const postgres = (await admin('show server_version')).rows[0].server_version;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  redis.disconnect();
  return {
    cpu: cpus()[0]?.model?.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    postgres,
    redis: redisVersion,
    packages: Object.fromEntries(['@nestjs/core', '@nestjs/platform-fastify', 'fastify', 'pg', 'drizzle-orm', 'ioredis', 'bcrypt', 'autocannon'].map((p) => [p, versionOf(p)])),
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    date: new Date().toISOString(),
    loadStart: loadavg(),
  };
}

async function dropRedisKeys() {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

async function main() {
  const info = await machine();
  log(`${info.cores} × ${info.cpu}; Node ${info.node}; PostgreSQL ${info.postgres}; Redis ${info.redis}; commit ${info.commit}${info.dirty ? ' (+ uncommitted changes)' : ''}`);
  const limits = await limitsEnv();
  const inherited = { ...process.env };
  delete inherited.BCRYPT_COST; // login is measured at the default cost
  delete inherited.NODE_ENV;
  const baseEnv = { ...inherited, DATABASE_URL: dbUrl, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix, ...secrets, ...limits };
  const childEnv = (extra) => ({ ...baseEnv, ...extra });

  await admin(`CREATE DATABASE ${dbName}`);
  try {
    if (wanted('doctors') || wanted('scaling') || wanted('seed')) {
      log(`seed: ${DOCTORS} doctors into ${dbName}`);
      const seeded = await runChild('seed', process.execPath, [join(root, 'dist/scripts/seed.js'), '--doctors', String(DOCTORS)], { ...inherited, DATABASE_URL: dbUrl, NODE_ENV: 'development', DATA_ENCRYPTION_KEYS: secrets.DATA_ENCRYPTION_KEYS }, budget(120)).done;
      steps.seed = { ok: seeded.ok, seconds: seeded.seconds, reason: seeded.reason, data: { doctors: DOCTORS, summary: seeded.stdout.trim().split('\n')[0] ?? '' } };
      log(`seed: ${seeded.ok ? seeded.stdout.trim().split('\n')[0] : `FAILED (${seeded.reason})`}`);
    }
    if (steps.seed?.ok !== false) {
      await step('doctors', 150, './bench-doctors.mjs', childEnv({ BENCH_SECONDS: process.env.BENCH_DOCTORS_SECONDS ?? '8', BENCH_CONNECTIONS: '10', BENCH_DOCTORS: String(DOCTORS) }));
      await scaling(childEnv({ NODE_ENV: 'production', SWAGGER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' }));
    } else {
      steps.doctors = steps.scaling = { ok: false, reason: 'the seed failed' };
    }
    await step('scheduling', 200, './bench-scheduling.mjs', childEnv({ BENCH_DATABASE_URL: adminUrl }));
    await step('overhead', 120, './bench-overhead.mjs', childEnv({ BENCH_OVERHEAD_SECONDS: process.env.BENCH_OVERHEAD_SECONDS ?? '6', BENCH_OVERHEAD_ROUNDS: '2' }));
    await step('auth', 150, './bench-auth.mjs', childEnv({ BENCH_SECONDS: process.env.BENCH_AUTH_SECONDS ?? '8', BENCH_ROUNDS: '3' }));
  } finally {
    for (const child of children) killGroup(child, 'SIGTERM');
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((error) => log(`could not drop ${dbName}: ${error.message}`));
    await dropRedisKeys().catch((error) => log(`could not delete the ${keyPrefix}* keys: ${error.message}`));
  }
  info.loadEnd = loadavg();
  info.seconds = elapsed();
  const { render } = await import('./bench-report.mjs');
  writeFileSync(outFile, render({ info, steps, limits }));
  writeFileSync(join(work, 'results.json'), JSON.stringify({ info, steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, { ...v, markdown: undefined }])) }, null, 2));
  log(`wrote ${outFile} (raw results: ${join(work, 'results.json')}); ${info.seconds.toFixed(0)} s in all`);
  const failed = Object.entries(steps).filter(([, s]) => !s.ok && !String(s.reason).startsWith('not run'));
  if (failed.length > 0) {
    log(`incomplete: ${failed.map(([name, s]) => `${name} (${s.reason})`).join('; ')}`);
    process.exitCode = 1;
  } else {
    rmSync(join(work, 'doctors.json'), { force: true });
  }
}

await main();
