/* global process, console -- Node globals; this file is plain JavaScript run by node after the build */
// Scheduling on real PostgreSQL: slots latency with a year of history, booking throughput next to
// raw INSERTs, and 200 concurrent bookings of one slot across two instances.
// Run after `npm run build`:
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres [REDIS_URL=redis://…] node scripts/bench-scheduling.mjs
// It creates and drops a scratch database. Prints Markdown for docs/BENCHMARKS.md;
// `--json FILE` also writes the results as JSON (scripts/bench.mjs, `npm run bench`, reads them).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { allWeek, call, register } from './bench-api.mjs';
import { startBenchApp } from './bench-app.mjs';
import { scratchDatabase } from './bench-scratch-db.mjs';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HISTORY = Number(process.env.BENCH_HISTORY ?? 5000);
const SLOT_REQUESTS = Number(process.env.BENCH_SLOT_REQUESTS ?? 500);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 2000);
const POOL = Number(process.env.BENCH_POOL ?? 20);
const RACE = 200;
const DAY = 86_400_000;
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One app instance on `database` (both instances of the race share it, and its Redis prefix). */
function startInstance(database, extraEnv = {}) {
  return startBenchApp(database, {
    DB_POOL_MAX: String(POOL),
    // The booking limits must not cut the benchmark short (50 clients book 40 slots each).
    RATE_LIMIT_BOOKING_PER_MINUTE: process.env.RATE_LIMIT_BOOKING_PER_MINUTE ?? '100000000',
    RATE_LIMIT_PROBE_PER_MINUTE: '100000000',
    MAX_FUTURE_APPOINTMENTS: process.env.MAX_FUTURE_APPOINTMENTS ?? '100000',
    ...extraEnv,
  });
}

async function inBatches(count, width, make) {
  const out = [];
  for (let i = 0; i < count; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => make(i + j)))));
  return out;
}

/** A verified doctor with the given hours and one type; verification straight in the database. */
async function doctor(base, sqlPool, i, weekly, type, settings = {}) {
  const d = await register(base, 'doctor', i);
  const { rows } = await sqlPool.query(`update doctors set verification_status = 'verified' where user_id = $1 returning id`, [d.userId]);
  const doctorId = rows[0].id;
  const a = await call(base, 'PUT', '/api/v1/doctors/me/availability', d.token, { timezone: 'Europe/Berlin', weekly, maxAdvanceDays: 730, minNoticeMinutes: 0, ...settings });
  if (a.status !== 200) throw new Error(`availability ${a.status} ${JSON.stringify(a.body)}`);
  const t = await call(base, 'POST', '/api/v1/doctors/me/appointment-types', d.token, { name: 'Visit', mode: 'video', ...type });
  if (t.status !== 201) throw new Error(`type ${t.status}`);
  return { ...d, doctorId, typeId: t.body.id };
}

async function slotsOf(base, doc, fromDate, days) {
  const from = new Date(fromDate).toISOString().slice(0, 10);
  const to = new Date(fromDate.getTime() + (days - 1) * DAY).toISOString().slice(0, 10);
  const r = await call(base, 'GET', `/api/v1/doctors/${doc.doctorId}/slots?appointmentTypeId=${doc.typeId}&from=${from}&to=${to}`);
  if (r.status !== 200) throw new Error(`slots ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.slots.map((s) => s.start);
}

async function main() {
  const database = await scratchDatabase({ serverUrl: ADMIN_URL });
  const sqlPool = new pg.Pool({ connectionString: database.url, max: POOL });
  const results = {};
  let a;
  let b;
  try {
    a = await startInstance(database, { SLOTS_CACHE_SECONDS: '0' });
    b = await startInstance(database, { SLOTS_CACHE_SECONDS: '0' });
    const patients = await inBatches(RACE, 8, (i) => register(a.base, 'patient', i));

    // 1. A doctor with HISTORY appointments over a year: half behind, half ahead of now.
    const busy = await doctor(a.base, sqlPool, 0, allWeek('08:00', '20:00'), { durationMinutes: 30 });
    const now = Date.now();
    const yearStart = Math.floor((now - 182 * DAY) / DAY) * DAY;
    const rows = [];
    // 24 half-hour slots a day from 07:00 UTC; take 4 of every 7 slots until HISTORY are placed.
    for (let k = 0; rows.length < HISTORY; k++) {
      if (k % 7 >= 4) continue;
      const start = yearStart + Math.floor(k / 24) * DAY + 7 * 3_600_000 + (k % 24) * 1_800_000;
      rows.push([start, patients[CLIENTS + (rows.length % (patients.length - CLIENTS))].userId]); // not the booking clients
    }
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const values = chunk.map((_, j) => `($1, $${j * 2 + 3}, $2, to_timestamp($${j * 2 + 4}::bigint / 1000.0), to_timestamp($${j * 2 + 4}::bigint / 1000.0) + interval '30 minutes', to_timestamp($${j * 2 + 4}::bigint / 1000.0) + interval '30 minutes', 'video', case when $${j * 2 + 4}::bigint < ${now} then 'completed' else 'confirmed' end::appointment_status)`);
      await sqlPool.query(
        `insert into appointments (doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, mode, status) values ${values.join(',')}`,
        [busy.doctorId, busy.typeId, ...chunk.flatMap(([start, patientId]) => [patientId, start])],
      );
    }
    await sqlPool.query('analyze appointments');
    const windowStart = new Date(now + DAY);
    const windowEnd = new Date(windowStart.getTime() + 31 * DAY);
    const plan = await sqlPool.query(
      `explain (analyze, buffers) select start_at, busy_until from appointments where doctor_id = $1 and status = 'confirmed' and doctor_period && tstzrange($2, $3, '[)')`,
      [busy.doctorId, windowStart.toISOString(), windowEnd.toISOString()],
    );
    results.plan = plan.rows.map((r) => r['QUERY PLAN']);
    const inWindow = await sqlPool.query(`select count(*)::int as n from appointments where doctor_id = $1 and status = 'confirmed' and doctor_period && tstzrange($2, $3, '[)')`, [busy.doctorId, windowStart.toISOString(), windowEnd.toISOString()]);
    results.busyInWindow = inWindow.rows[0].n;

    const timings = [];
    let slotCount = 0;
    for (let i = 0; i < 50; i++) await slotsOf(a.base, busy, windowStart, 31); // warm-up
    const slotsT0 = performance.now();
    for (let i = 0; i < SLOT_REQUESTS; i++) {
      const t0 = performance.now();
      slotCount = (await slotsOf(a.base, busy, windowStart, 31)).length;
      timings.push(performance.now() - t0);
    }
    results.slots = { n: SLOT_REQUESTS, perSecond: SLOT_REQUESTS / ((performance.now() - slotsT0) / 1000), slotCount, p50: percentile(timings, 50), p95: percentile(timings, 95), p99: percentile(timings, 99) };

    // 2. Bookings/s on distinct slots, CLIENTS concurrent clients, vs raw INSERTs through pg.
    const free = await doctor(a.base, sqlPool, 1, allWeek('00:00', '24:00'), { durationMinutes: 5 });
    const starts = [];
    for (let d = 2; starts.length < BOOKINGS; d += 1) starts.push(...(await slotsOf(a.base, free, new Date(now + d * DAY), 1)));
    const queue = starts.slice(0, BOOKINGS);
    const outcomes = {};
    const bookLatencies = [];
    const bookT0 = performance.now();
    await Promise.all(
      patients.slice(0, CLIENTS).map(async (p) => {
        for (let start = queue.pop(); start; start = queue.pop()) {
          const t0 = performance.now();
          const r = await call(a.base, 'POST', '/api/v1/appointments', p.token, { doctorId: free.doctorId, appointmentTypeId: free.typeId, start });
          bookLatencies.push(performance.now() - t0);
          outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
        }
      }),
    );
    const bookSeconds = (performance.now() - bookT0) / 1000;
    results.booking = { n: BOOKINGS, seconds: bookSeconds, perSecond: BOOKINGS / bookSeconds, outcomes, p50: percentile(bookLatencies, 50), p95: percentile(bookLatencies, 95), p99: percentile(bookLatencies, 99) };

    // The HTTP ceiling on this machine for comparison: GET /health/live, no database, same clients.
    let remaining = BOOKINGS;
    const liveT0 = performance.now();
    await Promise.all(
      patients.slice(0, CLIENTS).map(async () => {
        while (remaining-- > 0) await call(a.base, 'GET', '/health/live');
      }),
    );
    results.live = { perSecond: BOOKINGS / ((performance.now() - liveT0) / 1000) };

    const raw = await doctor(a.base, sqlPool, 2, allWeek('00:00', '24:00'), { durationMinutes: 5 });
    // The same clock times a year later: the benchmark patients are free then (no PATIENT_CONFLICT).
    const rawQueue = starts.slice(0, BOOKINGS).map((s) => new Date(Date.parse(s) + 364 * DAY).toISOString());
    const rawT0 = performance.now();
    let rawErrors = 0;
    const rawLatencies = [];
    await Promise.all(
      patients.slice(0, CLIENTS).map(async (p) => {
        for (let start = rawQueue.pop(); start; start = rawQueue.pop()) {
          const t0 = performance.now();
          await sqlPool
            .query(`insert into appointments (doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, mode) values ($1, $2, $3, $4, $4::timestamptz + interval '5 minutes', $4::timestamptz + interval '5 minutes', 'video')`, [raw.doctorId, p.userId, raw.typeId, start])
            .catch(() => rawErrors++);
          rawLatencies.push(performance.now() - t0);
        }
      }),
    );
    const rawSeconds = (performance.now() - rawT0) / 1000;
    results.raw = { n: BOOKINGS, seconds: rawSeconds, perSecond: BOOKINGS / rawSeconds, errors: rawErrors, p50: percentile(rawLatencies, 50), p95: percentile(rawLatencies, 95), p99: percentile(rawLatencies, 99) };

    // 3. 200 concurrent bookings of one slot across the two instances.
    const target = (await slotsOf(a.base, free, new Date(now + 400 * DAY), 1))[0];
    const race = await Promise.all(patients.map((p, i) => call(i % 2 ? b.base : a.base, 'POST', '/api/v1/appointments', p.token, { doctorId: free.doctorId, appointmentTypeId: free.typeId, start: target })));
    const byStatus = {};
    for (const r of race) {
      const key = r.status === 201 ? '201' : `${r.status} ${r.body?.code}`;
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    const stored = await sqlPool.query(`select count(*)::int as n from appointments where doctor_id = $1 and start_at = $2 and status = 'confirmed'`, [free.doctorId, target]);
    results.race = { byStatus, stored: stored.rows[0].n };
  } finally {
    await a?.app.close();
    await b?.app.close();
    await sqlPool.end();
    await database.drop();
  }

  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt > 0 && process.argv[jsonAt + 1]) {
    writeFileSync(process.argv[jsonAt + 1], JSON.stringify({ history: HISTORY, clients: CLIENTS, pool: POOL, raceSize: RACE, redis: Boolean(process.env.REDIS_URL), loadAfter: loadavg(), ...results }, null, 2));
  }
  const f = (x) => x.toFixed(1);
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')}, ${new Date().toISOString()}`);
  console.log(`Redis: ${process.env.REDIS_URL ? 'yes' : 'no (in-memory cache)'}; app pool ${POOL}; raw pool ${POOL}`);
  console.log('');
  console.log('| measure | result |');
  console.log('|---|---|');
  console.log(`| 31-day slots, ${HISTORY} appointments over a year (${results.busyInWindow} confirmed in the window), ${results.slots.n} sequential requests, cache off | p50 ${f(results.slots.p50)} ms · **p95 ${f(results.slots.p95)} ms** · p99 ${f(results.slots.p99)} ms (${results.slots.slotCount} slots per response) |`);
  console.log(`| bookings on distinct slots, ${CLIENTS} concurrent clients over HTTP | **${f(results.booking.perSecond)}/s** (${results.booking.n} in ${f(results.booking.seconds)} s; statuses ${JSON.stringify(results.booking.outcomes)}) |`);
  console.log(`| raw INSERTs into appointments through pg, ${CLIENTS} concurrent | ${f(results.raw.perSecond)}/s (${results.raw.n} in ${f(results.raw.seconds)} s; errors ${results.raw.errors}) |`);
  console.log(`| for scale: GET /health/live (no database), ${CLIENTS} concurrent clients | ${f(results.live.perSecond)}/s |`);
  console.log(`| booking ÷ raw | **${(results.booking.perSecond / results.raw.perSecond).toFixed(2)}** |`);
  console.log(`| ${RACE} concurrent bookings of one slot across two instances | ${JSON.stringify(results.race.byStatus)}; confirmed rows for the slot: ${results.race.stored} |`);
  console.log('');
  console.log('Busy-range query plan (31-day window):');
  for (const line of results.plan) console.log(`    ${line}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
