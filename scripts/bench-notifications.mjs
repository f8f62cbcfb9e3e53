/* global process, fetch, console -- Node globals; this file is plain JavaScript run by node after the build */
// Notification delivery (issue 14): how many outbox messages a worker delivers per second per
// channel, against a local provider server (FCM HTTP v1 and its OAuth token endpoint, a
// Twilio-compatible Messages API, one loopback HTTP server answering at once), next to the
// outbox alone (no device, no phone: every channel finds nothing to send); and the lag from a
// booking's 201 to its push arriving at the provider, with the worker on its timer.
// Run after `npm run build`:
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/bench-notifications.mjs
// It creates and drops a scratch database. Prints Markdown for docs/BENCHMARKS.md.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import 'reflect-metadata';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { OutboxWorker } from '../dist/modules/scheduling/notifications/outbox.worker.js';
import { scratchDatabase } from './bench-scratch-db.mjs';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.BENCH_MESSAGES ?? 300);
const LAG_BOOKINGS = Number(process.env.BENCH_LAG_BOOKINGS ?? 100);

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** The providers: answers at once and notes when each push (by device token) and text arrived. */
const arrivals = new Map();
const codes = new Map();
let texts = 0;
const provider = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (req.url === '/token') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'ya29.bench', expires_in: 3600 }));
    if (req.url.includes('messages:send')) arrivals.set(JSON.parse(body).message.token, performance.now());
    if (req.url.includes('/Messages.json')) {
      texts++;
      const form = new URLSearchParams(body);
      const code = /\b(\d{6})\b/.exec(form.get('Body'))?.[1];
      if (code) codes.set(form.get('To'), code);
    }
    res.writeHead(req.url.includes('Messages') ? 201 : 200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise((resolve) => provider.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${provider.address().port}`;

const database = await scratchDatabase({ serverUrl: ADMIN_URL });
const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: database.url,
  REDIS_URL: process.env.REDIS_URL,
  REDIS_KEY_PREFIX: `${database.name}:`,
  JWT_SECRET: 'bench-access-secret-0123456789abcdef0123',
  JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
  DATA_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  BCRYPT_COST: '10',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_BOOKING_PER_MINUTE: '100000000',
  MAIL_TRANSPORT: 'disabled',
  OUTBOX_WORKER_ENABLED: 'false',
  SWAGGER_ENABLED: 'false',
  LOG_LEVEL: 'error',
  FCM_SERVICE_ACCOUNT_JSON: JSON.stringify({ project_id: 'bench', client_email: 'b@bench.iam.gserviceaccount.com', private_key: key, token_uri: `${origin}/token` }),
  FCM_API_URL: origin,
  SMS_ACCOUNT_SID: 'ACbench',
  SMS_AUTH_TOKEN: 'bench',
  SMS_FROM: '+15005550006',
  SMS_API_URL: origin,
});
const app = await createApp(config, pino({ level: 'error' }, pino.destination('/dev/null')));
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
const worker = app.get(OutboxWorker, { strict: false });
const db = new pg.Pool({ connectionString: database.url, max: 2 });

async function call(method, path, token, body) {
  const r = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
async function user(role, name) {
  return (await call('POST', '/api/v1/auth/register', null, { email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${randomBytes(4).toString("hex")}@bench.test`, password: `Pw-${randomBytes(9).toString('base64url')}!`, fullName: name, role })).accessToken;
}

async function inBatches(count, width, make) {
  const out = [];
  for (let i = 0; i < count; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => make(i + j)))));
  return out;
}

/** Drains every due message with the worker, as fast as it goes; answers messages per second. */
async function drain() {
  const { rows } = await db.query('select count(*)::int as n from outbox where sent_at is null and available_at <= now()');
  const t0 = performance.now();
  let delivered = 0;
  for (let got = -1; got !== 0; ) delivered += got = await worker.tick();
  const seconds = (performance.now() - t0) / 1000;
  return { messages: rows[0].n, delivered, seconds, perSecond: delivered / seconds };
}

const results = {};
try {
  // One verified doctor, open all day every day in UTC, 15-minute visits.
  const doctorToken = await user('doctor', 'Maria Lee');
  await db.query(`update doctors set verification_status = 'verified'`);
  const weekly = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => ({ day, start: '00:00', end: '23:45' }));
  await call('PUT', '/api/v1/doctors/me/availability', doctorToken, { timezone: 'UTC', weekly, maxAdvanceDays: 730, minNoticeMinutes: 0 });
  const type = await call('POST', '/api/v1/doctors/me/appointment-types', doctorToken, { name: 'Visit', mode: 'video', durationMinutes: 15 });
  const { rows: [doc] } = await db.query('select id from doctors');
  const slot0 = Math.ceil((Date.now() + 3 * 86_400_000) / 900_000) * 900_000;
  let nextSlot = 0;
  const book = (token) => {
    let start = slot0 + nextSlot++ * 900_000;
    if (start % 86_400_000 === 86_400_000 - 900_000) start = slot0 + nextSlot++ * 900_000; // 23:45 starts no visit
    return call('POST', '/api/v1/appointments', token, { doctorId: doc.id, appointmentTypeId: type.id, start: new Date(start).toISOString() });
  };

  // Patients: N without device or phone (the outbox alone), N with an Android device and a verified phone.
  const bare = await inBatches(N, 8, (i) => user('patient', `Bare ${i}`));
  const reached = await inBatches(N, 8, async (i) => {
    const token = await user('patient', `Push ${i}`);
    await call('POST', '/api/v1/me/devices', token, { platform: 'android', token: `bench-device-${i}-${'x'.repeat(30)}` });
    const phone = `+1555${String(1_000_000 + i).slice(1)}`;
    await call('POST', '/api/v1/me/phone/verification', token, { phone });
    await call('POST', '/api/v1/me/phone/verification/confirm', token, { code: codes.get(phone) });
    return token;
  });
  texts = 0;

  // 1. The booking message: e-mail off, push to the device (FCM), no SMS by default.
  for (const t of bare) await book(t);
  results.none = await drain();
  for (const t of reached) await book(t);
  results.push = await drain();
  // 2. Reminders (push and SMS): made due now.
  await db.query(`update outbox o set available_at = now() from appointments a where o.kind = 'appointment.reminder' and a.id = (o.payload->>'appointmentId')::uuid and a.patient_id in (select id from users where full_name like 'Push %')`);
  results.pushSms = await drain();
  results.texts = texts;

  // 3. Lag from a booking's 201 to its push at the provider, the worker on its timer (OUTBOX_POLL_MS).
  const pollMs = config.scheduling.outbox.pollMs;
  const lagPatients = await inBatches(LAG_BOOKINGS, 8, async (i) => {
    const token = await user('patient', `Lag ${i}`);
    const device = `bench-lag-${i}-${'y'.repeat(30)}`;
    await call('POST', '/api/v1/me/devices', token, { platform: 'android', token: device });
    return { token, device };
  });
  arrivals.clear();
  let stop = false;
  const poller = (async () => {
    while (!stop) {
      await worker.tick();
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  const bookedAt = new Map();
  const rate = results.push.perSecond / 2; // half the measured push rate
  const t0 = performance.now();
  for (const [i, p] of lagPatients.entries()) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await book(p.token);
    bookedAt.set(p.device, performance.now());
  }
  while (arrivals.size < lagPatients.length && performance.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
  stop = true;
  await poller;
  const lags = lagPatients.filter((p) => arrivals.has(p.device)).map((p) => arrivals.get(p.device) - bookedAt.get(p.device));
  results.lag = { bookings: lagPatients.length, arrived: lags.length, perSecond: rate, pollMs, p50: percentile(lags, 50), p95: percentile(lags, 95), max: Math.max(...lags) };
} finally {
  await app.close();
  await db.end();
  provider.close();
  await database.drop();
}

const f = (x, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} CPUs, load average ${loadavg().map((l) => f(l)).join(' / ')}\n`);
console.log('| outbox messages, one worker, `tick()` back to back | messages | seconds | messages/s | vs. outbox alone |');
console.log('|---|---|---|---|---|');
const row = (name, r) => console.log(`| ${name} | ${r.delivered} | ${f(r.seconds, 2)} | ${f(r.perSecond)} | ${f(r.perSecond / results.none.perSecond, 2)} × |`);
row('booking, nobody to reach (e-mail off; push and SMS find no address)', results.none);
row('booking → push (FCM HTTP v1, one device each)', results.push);
row(`reminder → push + SMS (Messages API; ${results.texts} texts)`, results.pushSms);
console.log(`\nLag from a booking's 201 to its push at the provider: ${results.lag.arrived}/${results.lag.bookings} bookings at ${f(results.lag.perSecond)}/s, worker polling every ${results.lag.pollMs} ms: p50 ${f(results.lag.p50, 0)} ms, p95 ${f(results.lag.p95, 0)} ms, max ${f(results.lag.max, 0)} ms.`);
