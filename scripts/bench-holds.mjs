/* global process, console -- Node globals; this file is plain JavaScript run by node after the build */
// Holds and the waitlist (issue 13) on real PostgreSQL, each figure next to a baseline measured
// in the same run on the same machine:
//   1. hold → book latency: POST /appointments/holds then POST /appointments with holdId, vs a
//      plain booking of a free slot;
//   2. cancellation → waitlist offer under load: from sending the cancellation until the offer
//      (a hold for the oldest entry) is committed, while other clients keep booking, vs the
//      same cancellation with nobody waiting.
// Run after `npm run build`:
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/bench-holds.mjs
// It creates and drops a scratch database. Prints Markdown for docs/BENCHMARKS.md.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { percentile } from './bench-load.mjs';
import { allWeek, call, register } from './bench-api.mjs';
import { startBenchApp } from './bench-app.mjs';
import { scratchDatabase } from './bench-scratch-db.mjs';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.BENCH_HOLD_ROUNDS ?? 200);
const CANCELS = Number(process.env.BENCH_CANCELS ?? 40);
const LOAD_CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 10);
const DAY = 86_400_000;

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: values.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

function startInstance(database) {
  return startBenchApp(database, {
    REDIS_URL: undefined,
    DB_POOL_MAX: '20',
    // The machine is shared: shedding would turn its stalls into 503s, not figures.
    LOAD_SHED_EVENT_LOOP_DELAY_MS: '0',
    SLOTS_CACHE_SECONDS: '0',
  });
}

async function doctor(base, sqlPool, i) {
  const d = await register(base, 'doctor', i);
  const { rows } = await sqlPool.query(`update doctors set verification_status = 'verified' where user_id = $1 returning id`, [d.userId]);
  const a = await call(base, 'PUT', '/api/v1/doctors/me/availability', d.token, { timezone: 'UTC', weekly: allWeek('00:00', '24:00'), maxAdvanceDays: 730, minNoticeMinutes: 0 });
  if (a.status !== 200) throw new Error(`availability ${a.status}`);
  const t = await call(base, 'POST', '/api/v1/doctors/me/appointment-types', d.token, { name: 'Visit', mode: 'video', durationMinutes: 15 });
  if (t.status !== 201) throw new Error(`type ${t.status}`);
  return { ...d, doctorId: rows[0].id, typeId: t.body.id };
}

/** Distinct quarter-hour starts from `day` days ahead on. */
function starts(count, day) {
  const first = Math.floor(Date.now() / DAY) * DAY + day * DAY;
  return Array.from({ length: count }, (_, i) => new Date(first + i * 15 * 60_000).toISOString());
}

async function book(base, p, doc, start, extra = {}) {
  const r = await call(base, 'POST', '/api/v1/appointments', p.token, { doctorId: doc.doctorId, appointmentTypeId: doc.typeId, start, ...extra });
  if (r.status !== 201) throw new Error(`book ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function main() {
  const database = await scratchDatabase({ serverUrl: ADMIN_URL });
  const sqlPool = new pg.Pool({ connectionString: database.url, max: 4 });
  let instance;
  try {
    instance = await startInstance(database);
    const { base } = instance;
    const patients = [];
    for (let i = 0; i < 20; i++) patients.push(await register(base, 'patient', i));
    const results = { machine: `${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}` };

    // 1. hold → book, one patient after another, vs plain bookings on the same doctor.
    const doc = await doctor(base, sqlPool, 0);
    const holdSlots = starts(ROUNDS, 2);
    const plainSlots = starts(ROUNDS, 4);
    for (let i = 0; i < 20; i++) await book(base, patients[i % 20], doc, starts(20, 6)[i]); // warm-up
    const plain = [];
    const hold = [];
    const bookWithHold = [];
    const holdThenBook = [];
    for (let i = 0; i < ROUNDS; i++) {
      const p = patients[i % 20];
      let t0 = performance.now();
      await book(base, p, doc, plainSlots[i]);
      plain.push(performance.now() - t0);
      t0 = performance.now();
      const h = await call(base, 'POST', '/api/v1/appointments/holds', p.token, { doctorId: doc.doctorId, appointmentTypeId: doc.typeId, start: holdSlots[i] });
      if (h.status !== 201) throw new Error(`hold ${h.status}`);
      const t1 = performance.now();
      await book(base, p, doc, holdSlots[i], { holdId: h.body.id });
      const t2 = performance.now();
      hold.push(t1 - t0);
      bookWithHold.push(t2 - t1);
      holdThenBook.push(t2 - t0);
    }
    results.holds = { plain: stats(plain), hold: stats(hold), bookWithHold: stats(bookWithHold), holdThenBook: stats(holdThenBook) };

    // 2. cancellation → offer, with LOAD_CLIENTS clients booking another doctor meanwhile.
    const waited = await doctor(base, sqlPool, 1);
    const control = await doctor(base, sqlPool, 2);
    const busy = await doctor(base, sqlPool, 3);
    const cancelSlots = starts(CANCELS, 10);
    const window = { from: new Date(Date.parse(cancelSlots[0]) - DAY).toISOString(), to: new Date(Date.parse(cancelSlots.at(-1)) + DAY).toISOString() };
    // CANCELS entries, five per waiting patient (the cap), oldest first.
    for (let i = 0; i < CANCELS; i++) {
      const r = await call(base, 'POST', '/api/v1/waitlist', patients[10 + Math.floor(i / 5)].token, { doctorId: waited.doctorId, appointmentTypeId: waited.typeId, ...window });
      if (r.status !== 201) throw new Error(`waitlist ${r.status} ${JSON.stringify(r.body)}`);
    }
    const booker = patients[0];
    // Another patient: the same times with both doctors would be a PATIENT_CONFLICT.
    const controlBooker = patients[19];
    const waitedIds = [];
    const controlIds = [];
    for (const s of cancelSlots) waitedIds.push((await book(base, booker, waited, s)).id);
    for (const s of cancelSlots) controlIds.push((await book(base, controlBooker, control, s)).id);

    let loading = true;
    const loadSlots = starts(100_000, 30);
    let next = 0;
    let loadDone = 0;
    const load = Promise.all(
      patients.slice(1, 1 + LOAD_CLIENTS).map(async (p) => {
        while (loading) {
          await call(base, 'POST', '/api/v1/appointments', p.token, { doctorId: busy.doctorId, appointmentTypeId: busy.typeId, start: loadSlots[next++] });
          loadDone++;
        }
      }),
    );
    const toOffer = [];
    const controlCancel = [];
    const loadT0 = performance.now();
    for (let i = 0; i < CANCELS; i++) {
      let t0 = performance.now();
      const c = await call(base, 'POST', `/api/v1/appointments/${controlIds[i]}/cancel`, controlBooker.token, {});
      if (c.status !== 200) throw new Error(`cancel ${c.status}`);
      controlCancel.push(performance.now() - t0);
      t0 = performance.now();
      const w = await call(base, 'POST', `/api/v1/appointments/${waitedIds[i]}/cancel`, booker.token, {});
      if (w.status !== 200) throw new Error(`cancel ${w.status}`);
      // The offer is committed before the cancellation's response; check it is there.
      for (;;) {
        const { rows } = await sqlPool.query(`select 1 from appointment_holds where doctor_id = $1 and start_at = $2 and waitlist_entry_id is not null`, [waited.doctorId, cancelSlots[i]]);
        if (rows.length > 0) break;
      }
      toOffer.push(performance.now() - t0);
    }
    loading = false;
    await load;
    const offers = await sqlPool.query(`select count(*)::int as n from appointment_holds where doctor_id = $1 and waitlist_entry_id is not null`, [waited.doctorId]);
    results.waitlist = { toOffer: stats(toOffer), cancelAlone: stats(controlCancel), offers: offers.rows[0].n, loadPerSecond: loadDone / ((performance.now() - loadT0) / 1000) };
    report(results);
  } finally {
    await instance?.app.close();
    await sqlPool.end();
    await database.drop();
  }
}

function report(r) {
  const ms = (v) => `${v.toFixed(1)} ms`;
  const row = (name, s, base) => `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${base ? `${(s.p50 / base.p50).toFixed(2)}×` : '1.00× (baseline)'} |`;
  console.log(`Machine: ${r.machine} (shared and busy: read the ratios).\n`);
  console.log('| hold → book (one client) | n | p50 | p95 | p50 vs plain booking |\n|---|---|---|---|---|');
  console.log(row('plain booking (baseline)', r.holds.plain));
  console.log(row('POST /appointments/holds', r.holds.hold, r.holds.plain));
  console.log(row('booking with holdId', r.holds.bookWithHold, r.holds.plain));
  console.log(row('hold, then book (total)', r.holds.holdThenBook, r.holds.plain));
  console.log(`\n| cancellation → offer, ${LOAD_CLIENTS} clients booking meanwhile (${r.waitlist.loadPerSecond.toFixed(0)} bookings/s) | n | p50 | p95 | p50 vs cancel alone |\n|---|---|---|---|---|`);
  console.log(row('cancel, nobody waiting (baseline)', r.waitlist.cancelAlone));
  console.log(row(`cancel → offer committed (${CANCELS} entries waiting)`, r.waitlist.toOffer, r.waitlist.cancelAlone));
  console.log(`\nOffers made: ${r.waitlist.offers} for ${CANCELS} cancellations (exactly one each).`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
