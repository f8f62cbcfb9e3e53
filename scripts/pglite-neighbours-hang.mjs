// Shows the PGlite defect that doctor-search.repository.ts's `NeighbourLookup` works around, so
// the workaround can go once a PGlite release fixes it. On @electric-sql/pglite 0.5 (PostgreSQL
// 18.3 as WebAssembly), a statement ordering by pg_trgm's `<->` now and then leaves its portal
// active; the next statement's Bind fails to drop it and the backend spins forever.
//
//   npm run build && node scripts/pglite-neighbours-hang.mjs [index|similarity] [runs]
//
// Each run: a fresh embedded database, a few located doctors, the searches near-me.spec makes,
// then the neighbours look-up followed by one more statement. Runs happen in a worker thread, so
// a spin is seen (no progress for 30 s) and stopped. Measured 2026-11-30: `index` hung within
// 1–20 runs (after 6 in the last try); `similarity` never, in 40 (130 with earlier forms of this script).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const lookup = process.argv[2] ?? 'index';
const runs = Number(process.argv[3] ?? 30);

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { lookup, runs } });
  let last = Date.now();
  let done = 0;
  worker.on('message', (m) => { last = Date.now(); if (m === 'run') done++; });
  const outcome = await new Promise((resolve) => {
    const timer = setInterval(() => { if (Date.now() - last > 30_000) { clearInterval(timer); resolve('hung'); } }, 1000);
    worker.on('exit', () => { clearInterval(timer); resolve('finished'); });
  });
  await worker.terminate();
  console.log(`${lookup}: ${outcome === 'hung' ? `hung after ${done} clean runs` : `${done} runs, none hung`}`);
  process.exit(outcome === 'hung' ? 1 : 0);
} else {
  const { sql } = await import('drizzle-orm');
  const { openPglite } = await import('../dist/db/pglite.js');
  const { neighboursQuery, searchQuery, expandTokens } = await import('../dist/modules/doctors/doctor-search.repository.js');
  for (let run = 0; run < workerData.runs; run++) {
    const database = await openPglite('memory://');
    await database.migrate();
    // Every statement is followed by another, as in a request: the spin shows at the next Bind.
    const x = async (statement) => {
      const result = await database.db.execute(statement);
      await database.db.execute(sql`select 1`);
      return result;
    };
    const origin = { latitude: -55 + Math.random() * 5, longitude: -130 + Math.random() * 10 };
    const doctors = [['one', [1], 'dermatology'], ['three', [30, 3], 'cardiology'], ['twenty', [20], 'cardiology'], ['far', [200], null], ['pending', [0.5], null]];
    for (const [key, kms, specialty] of doctors) {
      const user = await x(sql`insert into users (email, password_hash, full_name, role) values (${`${key}@example.test`}, 'x', ${`Dr ${key}`}, 'doctor') returning id`);
      const status = key === 'pending' ? 'pending' : 'verified';
      const doctor = await x(sql`insert into doctors (user_id, verification_status, bio) values (${user.rows[0].id}, ${status}, 'Heart rhythm.') returning id`);
      if (specialty) await x(sql`insert into doctor_specialties (doctor_id, specialty_code) values (${doctor.rows[0].id}, ${specialty})`);
      for (const [position, km] of kms.entries()) {
        await x(sql`insert into doctor_locations (doctor_id, name, address, city, country, latitude, longitude, position)
                    values (${doctor.rows[0].id}, 'Practice', 'Street 1', 'Nowhere', 'NZ', ${origin.latitude + km / 111.195}, ${origin.longitude}, ${position})`);
      }
    }
    const near = { ...origin, radiusMetres: 50_000 };
    for (const radiusMetres of [25_000, 10_000, 50_000, 250_000]) await x(searchQuery({ tokens: [], near: { ...near, radiusMetres }, sort: 'distance', limit: 20, after: null }).query);
    await x(sql`set enable_indexscan = off`); // makes the spin come sooner
    const words = ['cardiology'];
    const neighbours = await x(neighboursQuery(words, workerData.lookup));
    await x(searchQuery({ tokens: expandTokens(words, neighbours.rows), near, sort: 'distance', limit: 20, after: null }).query);
    await database.close();
    parentPort.postMessage('run');
  }
}
