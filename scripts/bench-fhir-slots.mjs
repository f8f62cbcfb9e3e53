/* global process, console -- Node globals; this file is plain JavaScript run by node after the build */
// FHIR Slot search latency for a 28-day window next to the REST slots endpoint for the same
// doctor, type and window, in the same run (issue 15). Both answer from the same SlotsService
// call; the ratio is what the FHIR face adds: the public-profile and active-type lookups of the
// schedule id, the mapping to Slot resources and the Bundle. The slot cache is off
// (SLOTS_CACHE_SECONDS=0, unless BENCH_SLOTS_CACHE_SECONDS says otherwise), so every request computes.
// Run after `npm run build`:
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/bench-fhir-slots.mjs
// It creates and drops a scratch database and prints Markdown for docs/BENCHMARKS.md.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { scheduleId } from '../dist/modules/fhir/mapping/fhir-ids.js';
import { loadGet, percentile } from './bench-load.mjs';
import { allWeek, call, register } from './bench-api.mjs';
import { startBenchApp } from './bench-app.mjs';
import { scratchDatabase } from './bench-scratch-db.mjs';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WALKS = Number(process.env.BENCH_WALKS ?? 40);
const BOOKED = Number(process.env.BENCH_BOOKED ?? 150);
const DAYS = 28;
// 0: every request computes its slots; the default 30 (production's) lets pages 2.. of a FHIR walk read the cache.
const SLOTS_CACHE_SECONDS = process.env.BENCH_SLOTS_CACHE_SECONDS ?? '0';
const DAY = 86_400_000;

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main() {
  const database = await scratchDatabase({ serverUrl: ADMIN_URL });
  const sqlPool = new pg.Pool({ connectionString: database.url, max: 4 });
  let app;
  try {
    let base;
    ({ app, base } = await startBenchApp(database, { SLOTS_CACHE_SECONDS }));

    // A verified doctor seeing patients 08:00–20:00 every day, half-hour visits, some booked.
    const doctor = await register(base, 'doctor');
    const { rows } = await sqlPool.query(`update doctors set verification_status = 'verified' where user_id = $1 returning id`, [doctor.userId]);
    const doctorId = rows[0].id;
    const a = await call(base, 'PUT', '/api/v1/doctors/me/availability', doctor.token, { timezone: 'Europe/Berlin', weekly: allWeek('08:00', '20:00'), maxAdvanceDays: 365, minNoticeMinutes: 0 });
    if (a.status !== 200) throw new Error(`availability ${a.status} ${JSON.stringify(a.body)}`);
    const type = await call(base, 'POST', '/api/v1/doctors/me/appointment-types', doctor.token, { name: 'Visit', mode: 'video', durationMinutes: 30 });
    if (type.status !== 201) throw new Error(`type ${type.status}`);
    const typeId = type.body.id;

    const from = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + (DAYS - 1) * DAY).toISOString().slice(0, 10);
    const restPath = `/api/v1/doctors/${doctorId}/slots?appointmentTypeId=${typeId}&from=${from}&to=${to}&timezone=UTC`;
    const free = await call(base, 'GET', restPath);
    if (free.status !== 200) throw new Error(`slots ${free.status}`);
    const patient = await register(base, 'patient');
    // Spread BOOKED bookings over the window, so the engine subtracts real busy time.
    const step = Math.max(1, Math.floor(free.body.slots.length / BOOKED));
    for (let i = 0; i < free.body.slots.length && i / step < BOOKED; i += step) {
      const r = await call(base, 'POST', '/api/v1/appointments', patient.token, { doctorId, appointmentTypeId: typeId, start: free.body.slots[i].start });
      if (r.status !== 201) throw new Error(`book ${r.status} ${JSON.stringify(r.body)}`);
    }

    const schedule = scheduleId({ doctorId, appointmentTypeId: typeId });
    const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const fhirPath = `/fhir/R4/Slot?schedule=Schedule/${schedule}&start=ge${from}&start=lt${end}&status=free&_count=100`;
    const restCount = (await call(base, 'GET', restPath)).body.slots.length;

    /** Every page of the FHIR search: what a client does to get the same slots as one REST call. */
    const walk = async () => {
      let path = fhirPath;
      let n = 0;
      while (path) {
        const r = await call(base, 'GET', path);
        if (r.status !== 200) throw new Error(`fhir ${r.status}`);
        n += r.body.entry.length;
        const next = r.body.link.find((l) => l.relation === 'next');
        path = next ? new URL(next.url).pathname + new URL(next.url).search : null;
      }
      return n;
    };
    const fhirCount = await walk();
    if (fhirCount !== restCount) throw new Error(`FHIR walked ${fhirCount} slots, REST answered ${restCount}`);
    const pages = Math.ceil(fhirCount / 100);

    // Warm up both, then alternate so drift on a shared machine hits both alike.
    await loadGet(base, [restPath], 2, CONNECTIONS);
    await loadGet(base, [fhirPath], 2, CONNECTIONS);
    const rest = [];
    const fhir = [];
    for (let round = 0; round < 2; round++) {
      rest.push(await loadGet(base, [restPath], SECONDS / 2, CONNECTIONS));
      fhir.push(await loadGet(base, [fhirPath], SECONDS / 2, CONNECTIONS));
    }
    const merge = (runs) => ({
      rps: runs.reduce((s, r) => s + r.rps, 0) / runs.length,
      p50: Math.max(...runs.map((r) => r.p50)),
      p95: Math.max(...runs.map((r) => r.p95)),
      p99: Math.max(...runs.map((r) => r.p99)),
      errors: runs.reduce((s, r) => s + r.errors, 0),
    });
    const restLoad = merge(rest);
    const fhirLoad = merge(fhir);

    // One client, one after the other: the REST call next to walking every FHIR page.
    const restWalk = [];
    const fhirWalk = [];
    for (let i = 0; i < WALKS; i++) {
      restWalk.push(await timed(() => call(base, 'GET', restPath)));
      fhirWalk.push(await timed(walk));
    }
    const restSeq = summary(restWalk);
    const fhirSeq = summary(fhirWalk);

    const ratio = (x, y) => (x / y).toFixed(2);
    console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')} (shared); PostgreSQL ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}, ${process.env.REDIS_URL ? 'Redis' : 'no Redis'}; slot cache ${SLOTS_CACHE_SECONDS === '0' ? 'off' : `${SLOTS_CACHE_SECONDS} s`}.`);
    console.log(`One doctor, 08:00–20:00 daily, 30-minute visits, ${BOOKED} booked; ${DAYS}-day window (${from} to ${to}, UTC): ${restCount} free slots; FHIR: ${pages} pages of _count=100.\n`);
    console.log(`| load (${CONNECTIONS} connections, ${SECONDS} s each, alternating) | req/s | p50 ms | p95 ms | p99 ms | errors |`);
    console.log('|---|---|---|---|---|---|');
    console.log(`| REST \`GET /api/v1/doctors/{id}/slots\` (whole window) | ${restLoad.rps.toFixed(0)} | ${restLoad.p50.toFixed(1)} | ${restLoad.p95.toFixed(1)} | ${restLoad.p99.toFixed(1)} | ${restLoad.errors} |`);
    console.log(`| FHIR \`GET /fhir/R4/Slot\` (first page, 100 slots) | ${fhirLoad.rps.toFixed(0)} | ${fhirLoad.p50.toFixed(1)} | ${fhirLoad.p95.toFixed(1)} | ${fhirLoad.p99.toFixed(1)} | ${fhirLoad.errors} |`);
    console.log(`| ratio FHIR / REST | ${ratio(fhirLoad.rps, restLoad.rps)} | ${ratio(fhirLoad.p50, restLoad.p50)} | ${ratio(fhirLoad.p95, restLoad.p95)} | ${ratio(fhirLoad.p99, restLoad.p99)} | |\n`);
    console.log(`| one client, ${WALKS} times each | p50 ms | p95 ms | p99 ms |`);
    console.log('|---|---|---|---|');
    console.log(`| REST, the whole window in one call | ${restSeq.p50.toFixed(1)} | ${restSeq.p95.toFixed(1)} | ${restSeq.p99.toFixed(1)} |`);
    console.log(`| FHIR, every page of the window (${pages} calls) | ${fhirSeq.p50.toFixed(1)} | ${fhirSeq.p95.toFixed(1)} | ${fhirSeq.p99.toFixed(1)} |`);
    console.log(`| ratio FHIR / REST | ${ratio(fhirSeq.p50, restSeq.p50)} | ${ratio(fhirSeq.p95, restSeq.p95)} | ${ratio(fhirSeq.p99, restSeq.p99)} |`);
  } finally {
    await app?.close();
    await sqlPool.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
