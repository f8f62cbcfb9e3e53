#!/usr/bin/env node
// npm run soak -- [--url http://127.0.0.1:3000] [--duration 600] [--warmup 60] [--concurrency 8] [--start]
//
// A mixed workload (search, slots, booking, cancel, login) against a running instance for a
// given time, then a report: errors, p50/p95/p99 per operation, and resident memory of the
// server (read from its /metrics) at the end of warm-up and at the end. Exits 1 when any
// request failed or memory grew by more than 10 % after warm-up.
//
// The instance needs an admin (ADMIN_EMAIL/ADMIN_PASSWORD, passed to this script too) to
// verify the soak's doctors, and limits raised for one client address doing everything:
// RATE_LIMIT_AUTH_PER_MINUTE and RATE_LIMIT_PER_MINUTE. With --start the script starts
// `node dist/main.js` itself with those settings and the current environment
// (DATABASE_URL, REDIS_URL, ...), on a free port.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '600' },
    warmup: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '8' },
    start: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const durationMs = Number(args.duration) * 1000;
const warmupMs = Number(args.warmup) * 1000;
const concurrency = Number(args.concurrency);
const admin = { email: process.env.ADMIN_EMAIL ?? 'soak.admin@example.com', password: process.env.ADMIN_PASSWORD ?? `Soak-${randomBytes(9).toString('base64url')}` };

// /metrics needs a bearer token in production: the one in the environment, or one made up for
// a server this script starts.
const metricsToken = process.env.METRICS_TOKEN || (args.start ? randomBytes(32).toString('base64url') : undefined);

let server;
let base = args.url ?? 'http://127.0.0.1:3000';
if (args.start) {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_BOOKING_PER_MINUTE: '10000000',
      OUTBOX_WORKER_ENABLED: 'true',
      METRICS_TOKEN: metricsToken,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForReady(60_000);
}

const stats = new Map(); // op -> { latencies: [], errors: 0, outcomes: Map }
const errors = [];
const memory = [];

try {
  const world = await setUp();
  console.log(`soak: ${concurrency} clients for ${args.duration}s (warm-up ${args.warmup}s) against ${base}`);
  const startedAt = Date.now();
  let baselineRss = null;
  const sampler = setInterval(async () => {
    const rss = await residentMemory().catch(() => null);
    if (rss === null) return;
    const elapsed = Date.now() - startedAt;
    memory.push({ elapsedS: Math.round(elapsed / 1000), rssMiB: +(rss / 2 ** 20).toFixed(1) });
    if (baselineRss === null && elapsed >= warmupMs) baselineRss = rss;
  }, 10_000);
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(world, i, startedAt + durationMs)));
  clearInterval(sampler);
  const finalRss = await residentMemory();
  baselineRss ??= memory[0] ? memory[0].rssMiB * 2 ** 20 : finalRss;
  report(baselineRss, finalRss);
} finally {
  server?.kill('SIGTERM');
}

async function setUp() {
  const adminSession = await call('login', 'POST', '/api/v1/auth/login', { email: admin.email, password: admin.password }, null, [200]);
  const doctors = [];
  for (let i = 0; i < 3; i++) {
    const session = await register('doctor');
    const me = await call('setup', 'GET', '/api/v1/doctors/me', undefined, session.accessToken, [200]);
    await call('setup', 'PATCH', '/api/v1/doctors/me', { bio: `Soak doctor ${i}: general practice and cardiology follow-up.`, specialties: ['cardiology', 'family-medicine'], languages: ['en'], consultationModes: ['in_person', 'video'], consultationFee: { amount: 5000 + i * 1000, currency: 'EUR' }, locations: [{ name: 'Clinic', address: `Main street ${i}`, city: 'Berlin', country: 'DE' }] }, session.accessToken, [200]);
    await call('setup', 'PATCH', `/api/v1/admin/doctors/${me.id}/verification`, { status: 'verified' }, adminSession.accessToken, [200]);
    const weekly = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => ({ day, start: '00:00', end: '24:00' }));
    await call('setup', 'PUT', '/api/v1/doctors/me/availability', { timezone: 'Europe/Berlin', weekly, slotIntervalMinutes: 15, minNoticeMinutes: 0, maxAdvanceDays: 730, cancellationNoticeHours: 0 }, session.accessToken, [200]);
    const type = await call('setup', 'POST', '/api/v1/doctors/me/appointment-types', { name: 'Consultation', durationMinutes: 15, bufferMinutes: 0, mode: 'video' }, session.accessToken, [201]);
    doctors.push({ id: me.id, typeId: type.id });
  }
  const patients = [];
  for (let i = 0; i < concurrency * 2; i++) patients.push({ ...(await register('patient')), booked: [] });
  return { doctors, patients };
}

async function register(role) {
  const email = `soak.${role}.${randomBytes(6).toString('hex')}@example.com`;
  const password = `Soak-${randomBytes(12).toString('base64url')}`;
  const session = await call('setup', 'POST', '/api/v1/auth/register', { email, password, fullName: `Soak ${role}`, role }, null, [201]);
  return { email, password, accessToken: session.accessToken, refreshToken: session.refreshToken };
}

async function client(world, index, deadline) {
  let n = 0;
  while (Date.now() < deadline) {
    const patient = world.patients[(index + n++) % world.patients.length];
    const doctor = world.doctors[n % world.doctors.length];
    const roll = Math.random();
    if (roll < 0.35) await search();
    else if (roll < 0.65) await slots(doctor);
    else if (roll < 0.85) await book(patient, doctor);
    else if (roll < 0.95) await cancel(patient);
    else await relogin(patient);
  }
}

async function search() {
  const queries = ['cardiolgy', 'family', 'soak', 'berlin', ''];
  const q = queries[Math.floor(Math.random() * queries.length)];
  await call('search', 'GET', `/api/v1/doctors?${new URLSearchParams({ ...(q ? { q } : {}), limit: '20' })}`, undefined, null, [200]);
}

function window(daysAhead = 1 + Math.floor(Math.random() * 20)) {
  const from = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + (daysAhead + 6) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

async function slots(doctor) {
  return call('slots', 'GET', `/api/v1/doctors/${doctor.id}/slots?${new URLSearchParams({ appointmentTypeId: doctor.typeId, ...window() })}`, undefined, null, [200]);
}

async function book(patient, doctor) {
  const offered = (await slots(doctor))?.slots ?? [];
  if (offered.length === 0) return;
  const slot = offered[Math.floor(Math.random() * offered.length)];
  const created = await call('book', 'POST', '/api/v1/appointments', { doctorId: doctor.id, appointmentTypeId: doctor.typeId, start: slot.start, reason: 'Soak test visit' }, patient.accessToken, [201, 409, 422], { 'idempotency-key': randomBytes(16).toString('hex') });
  if (created?.id) patient.booked.push(created.id);
}

async function cancel(patient) {
  const id = patient.booked.shift();
  if (!id) return;
  await call('cancel', 'POST', `/api/v1/appointments/${id}/cancel`, { reason: 'Soak test' }, patient.accessToken, [200]);
}

async function relogin(patient) {
  const session = await call('login', 'POST', '/api/v1/auth/login', { email: patient.email, password: patient.password }, null, [200]);
  if (session?.accessToken) patient.accessToken = session.accessToken;
}

/** One request; records latency and outcome; anything but an expected status is an error. */
async function call(op, method, path, body, token, expected, extraHeaders = {}) {
  const entry = stats.get(op) ?? { latencies: [], errors: 0, outcomes: new Map() };
  stats.set(op, entry);
  const started = performance.now();
  let status = 0;
  let json;
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    status = response.status;
    const text = await response.text();
    json = text ? JSON.parse(text) : undefined;
  } catch (error) {
    json = { error: String(error) };
  }
  entry.latencies.push(performance.now() - started);
  const outcome = status >= 400 && json?.code ? `${status} ${json.code}` : String(status);
  entry.outcomes.set(outcome, (entry.outcomes.get(outcome) ?? 0) + 1);
  if (!expected.includes(status)) {
    entry.errors++;
    if (errors.length < 20) errors.push({ op, method, path: path.slice(0, 120), status, body: JSON.stringify(json)?.slice(0, 300) });
    if (op === 'setup') throw new Error(`setup failed: ${method} ${path} → ${status} ${JSON.stringify(json)}`);
    return undefined;
  }
  return json;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(baselineRss, finalRss) {
  const rows = [];
  let total = 0;
  let failed = 0;
  const all = [];
  for (const [op, entry] of stats) {
    if (op === 'setup') continue;
    const sorted = [...entry.latencies].sort((a, b) => a - b);
    all.push(...sorted);
    total += sorted.length;
    failed += entry.errors;
    rows.push({ op, requests: sorted.length, errors: entry.errors, p50: +percentile(sorted, 50).toFixed(1), p95: +percentile(sorted, 95).toFixed(1), p99: +percentile(sorted, 99).toFixed(1), outcomes: Object.fromEntries(entry.outcomes) });
  }
  all.sort((a, b) => a - b);
  const growth = (finalRss - baselineRss) / baselineRss;
  const summary = {
    base,
    durationS: Number(args.duration),
    warmupS: Number(args.warmup),
    concurrency,
    requests: total,
    errors: failed,
    p50Ms: +percentile(all, 50).toFixed(1),
    p95Ms: +percentile(all, 95).toFixed(1),
    p99Ms: +percentile(all, 99).toFixed(1),
    rssAfterWarmupMiB: +(baselineRss / 2 ** 20).toFixed(1),
    rssFinalMiB: +(finalRss / 2 ** 20).toFixed(1),
    rssGrowthPercent: +(growth * 100).toFixed(1),
    operations: rows,
    memory,
    firstErrors: errors,
  };
  console.log(JSON.stringify(summary, null, 2));
  if (args.json) import('node:fs').then((fs) => fs.writeFileSync(args.json, JSON.stringify(summary, null, 2)));
  const ok = failed === 0 && growth <= 0.1;
  console.log(`soak: ${total} requests, ${failed} errors, p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms, p99 ${summary.p99Ms} ms, RSS ${summary.rssAfterWarmupMiB} → ${summary.rssFinalMiB} MiB (${summary.rssGrowthPercent} %) — ${ok ? 'PASS' : 'FAIL'}`);
  process.exitCode = ok ? 0 : 1;
}

async function residentMemory() {
  const text = await (await fetch(`${base}/metrics`, { headers: metricsToken ? { authorization: `Bearer ${metricsToken}` } : {} })).text();
  const match = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
  if (!match) throw new Error('no process_resident_memory_bytes in /metrics');
  return Number(match[1]);
}

async function waitForReady(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the instance did not become ready');
}

async function freePort() {
  const probe = net.createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}
