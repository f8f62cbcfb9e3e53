/* global process, console, setTimeout -- Node globals; plain JavaScript run by node after the build */
// Doctor directory benchmark: GET /api/v1/doctors?q=…&specialty=… and GET /api/v1/doctors/:id
// through the app (cache on, cache bypassed) next to a bare Fastify + pg handler running the
// same SQL, in one run. Needs `npm run build` and a PostgreSQL server:
//   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres [REDIS_URL=redis://127.0.0.1:6379] \
//     node scripts/bench-doctors.mjs
// It creates a scratch database, seeds 10,000 doctors (npm run db:seed), measures, and drops
// the database (BENCH_KEEP_DB=1 keeps it). Prints a Markdown table for docs/BENCHMARKS.md;
// `--json FILE` also writes the rows as JSON (scripts/bench.mjs, `npm run bench`, reads them).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadGet } from './bench-load.mjs';
import { scratchDatabase } from './bench-scratch-db.mjs';
import pg from 'pg';
import { cities } from '../dist/scripts/seed-data.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DOCTORS = Number(process.env.BENCH_DOCTORS ?? 10_000);
// Extra node flags for the servers only, e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile them.
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

const SEARCHES = [
  ['heart', 'cardiology'], ['hypertention', 'cardiology'], ['acne', 'dermatology'], ['eczema', 'dermatology'],
  ['astma', 'pediatrics'], ['newborn', 'pediatrics'], ['anxiety', 'psychiatry'], ['knee', 'orthopedics'],
  ['diabetes', 'family-medicine'], ['cataract', 'ophthalmology'], ['prenatal', 'obstetrics-gynecology'], ['thyroid', 'internal-medicine'],
  ['implants', 'dentistry'], ['migraine', 'neurology'], ['john', 'family-medicine'], ['garcia', 'dermatology'],
];

// Near-me: the seeded cities' centres (dist/scripts/seed-data.js), 10 km, nearest first; a third with a specialty too.
const NEAR = cities.flatMap((c, i) => {
  const near = `/api/v1/doctors?near=${c.latitude},${c.longitude}&radiusKm=10`;
  return i % 3 === 0 ? [near, `${near}&specialty=${SEARCHES[i % SEARCHES.length][1]}`] : [near];
});

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

async function startServer(mode, env) {
  const port = 4100 + Math.floor(Math.random() * 800);
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, here('./bench-doctors-server.mjs'), mode, String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`${mode} server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => (child.on('exit', resolve), child.kill('SIGTERM'))) };
}

async function main() {
  const database = await scratchDatabase({ serverUrl: adminUrl, existingUrl: process.env.DATABASE_URL });
  const databaseUrl = database.url;
  try {
    // A database of its own is empty: seed it (one it was given is used as it is).
    if (!process.env.DATABASE_URL) {
      const seeded = await run(process.execPath, [here('../dist/scripts/seed.js'), '--doctors', String(DOCTORS)], { DATABASE_URL: databaseUrl, NODE_ENV: 'development' });
      console.error(seeded.trim().split('\n')[0]);
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const ids = (await client.query(`select id from doctors where verification_status = 'verified' order by random() limit 500`)).rows.map((r) => r.id);
    await client.end();
    const searchPaths = SEARCHES.map(([q, specialty]) => `/api/v1/doctors?q=${encodeURIComponent(q)}&specialty=${specialty}`);
    const profilePaths = ids.map((id) => `/api/v1/doctors/${id}`);

    const rows = [];
    for (const mode of ['bare', 'app-nocache', 'app']) {
      const server = await startServer(mode, { DATABASE_URL: databaseUrl });
      try {
        for (const [endpoint, paths] of [['search', searchPaths], ['near', NEAR], ['profile', profilePaths]]) {
          await loadGet(server.url, paths, 2, CONNECTIONS); // warm-up: connections, plans, and (app) the cache
          const r = await loadGet(server.url, paths, SECONDS, CONNECTIONS);
          rows.push({ mode, endpoint, ...r });
          console.error(`${mode} ${endpoint}: ${r.rps.toFixed(0)} req/s, p95 ${r.p95.toFixed(1)} ms, errors ${r.errors}`);
        }
      } finally {
        await server.stop();
      }
      await new Promise((r) => setTimeout(r, 500));
    }

    const label = { bare: 'bare Fastify + pg (same SQL)', 'app-nocache': 'app, cache bypassed', app: `app, cache on (${process.env.REDIS_URL ? 'Redis' : 'in-memory'})` };
    console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; ${DOCTORS} doctors; ${CONNECTIONS} connections, ${SECONDS} s per row\n`);
    console.log('| endpoint | server | req/s | p50 ms | p95 ms | p99 ms | non-200 |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(`| ${{ search: 'GET /doctors?q=…&specialty=…', near: 'GET /doctors?near=…&radiusKm=10[&specialty=…]', profile: 'GET /doctors/:id' }[r.endpoint]} | ${label[r.mode]} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`);
    }
    for (const endpoint of ['search', 'near', 'profile']) {
      const bare = rows.find((r) => r.mode === 'bare' && r.endpoint === endpoint);
      for (const mode of ['app-nocache', 'app']) {
        const r = rows.find((x) => x.mode === mode && x.endpoint === endpoint);
        console.log(`\n${endpoint}, ${label[mode]}: ${((100 * r.rps) / bare.rps).toFixed(0)} % of the bare handler's throughput`);
      }
    }
    const jsonAt = process.argv.indexOf('--json');
    if (jsonAt > 0 && process.argv[jsonAt + 1]) {
      writeFileSync(process.argv[jsonAt + 1], JSON.stringify({ doctors: DOCTORS, connections: CONNECTIONS, seconds: SECONDS, cache: process.env.REDIS_URL ? 'redis' : 'memory', searches: SEARCHES, rows }, null, 2));
    }
  } finally {
    await database.drop();
  }
}

await main();
