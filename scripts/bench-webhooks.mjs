/* global process, console -- Node globals; this file is plain JavaScript run by node after the build */
// Webhook delivery throughput to a local receiver, next to a baseline measured in the same run:
// the same number of plain HTTP POSTs of the same body, at the same concurrency, by node:http.
// What the ratio costs: the claim (UPDATE … SKIP LOCKED), decrypting each payload, signing,
// resolving and checking the address, and recording each outcome in PostgreSQL.
// Run after `npm run build`:
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/bench-webhooks.mjs
// It creates and drops a scratch database and prints Markdown for docs/BENCHMARKS.md.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import pLimit from 'p-limit';
import 'reflect-metadata';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { Transactions } from '../dist/db/transactions.js';
import { WebhookDeliveriesRepository } from '../dist/modules/webhooks/webhook-deliveries.repository.js';
import { WebhookDeliveryWorker } from '../dist/modules/webhooks/webhook-delivery.worker.js';
import { WebhooksRepository } from '../dist/modules/webhooks/webhooks.repository.js';
import { scratchDatabase } from './bench-scratch-db.mjs';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DELIVERIES = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 2000);
const SUBSCRIPTIONS = 20;
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 8);
const BATCH = Number(process.env.BENCH_WEBHOOK_BATCH ?? 50);


/** A body the size of a real one: an appointment as its doctor sees it. */
const body = JSON.stringify({
  type: 'appointment.booked',
  timestamp: new Date().toISOString(),
  data: {
    id: randomUUID(),
    doctorId: randomUUID(),
    patientId: randomUUID(),
    doctorName: 'Dr Amina Njoroge',
    patientName: 'Pat Patient',
    appointmentType: { id: randomUUID(), name: 'Video consultation', durationMinutes: 30 },
    start: '2027-03-08T09:00:00.000Z',
    end: '2027-03-08T09:30:00.000Z',
    mode: 'video',
    status: 'confirmed',
    reason: 'Chest pain when climbing stairs, for two weeks now.',
    cancelledBy: null,
    cancellationReason: null,
    createdAt: '2027-03-01T10:00:00.000Z',
    updatedAt: '2027-03-01T10:00:00.000Z',
  },
});

async function main() {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${receiver.address().port}/hook`;

  const database = await scratchDatabase({ serverUrl: ADMIN_URL });
  let app;
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      JWT_SECRET: 'bench-access-secret-0123456789abcdef0123',
      JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
      DATA_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      MAIL_TRANSPORT: 'disabled',
      OUTBOX_WORKER_ENABLED: 'false',
      SWAGGER_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_CONCURRENCY: String(CONCURRENCY),
      WEBHOOK_BATCH_SIZE: String(BATCH),
    });
    // Production requires https; the local receiver is plain http, so the bench runs the check without it.
    config.webhooks.requireHttps = false;
    app = await createApp(config, pino({ level: 'warn' }, pino.destination('/dev/null')));
    await app.init();

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const { rows } = await db.query(`insert into users (email, password_hash, full_name, role) values ('bench.admin@example.com', 'x', 'Bench Admin', 'admin') returning id`);
    await db.end();
    const subscriptions = app.get(WebhooksRepository);
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      await subscriptions.insert({ id: randomUUID(), ownerUserId: rows[0].id, doctorId: null, url, events: ['appointment.booked'], active: true, secret: `whsec_${randomBytes(32).toString('base64')}` });
    }
    const deliveries = app.get(WebhookDeliveriesRepository);
    const transactions = app.get(Transactions);
    for (let i = 0; i < DELIVERIES / SUBSCRIPTIONS; i++) {
      await transactions.run((tx) => deliveries.fanOut(tx, 'appointment.booked', randomUUID(), { ownDoctor: body, clinic: body }));
    }

    // Baseline: the same POSTs, same concurrency, nothing else.
    const limit = pLimit(CONCURRENCY);
    const post = () =>
      new Promise((resolve, reject) => {
        const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end(body);
      });
    let started = performance.now();
    await Promise.all(Array.from({ length: DELIVERIES }, () => limit(post)));
    const baselineSeconds = (performance.now() - started) / 1000;

    received = 0;
    const worker = app.get(WebhookDeliveryWorker);
    started = performance.now();
    let delivered = 0;
    for (;;) {
      const n = await worker.tick();
      if (n === 0) break;
      delivered += n;
    }
    const workerSeconds = (performance.now() - started) / 1000;
    if (delivered !== DELIVERIES || received !== DELIVERIES) throw new Error(`delivered ${delivered}, received ${received}, expected ${DELIVERIES}`);

    const baseline = DELIVERIES / baselineSeconds;
    const worker1 = DELIVERIES / workerSeconds;
    console.log(`Webhook delivery, ${DELIVERIES} deliveries to a local receiver, concurrency ${CONCURRENCY}, batch ${BATCH}, one instance (${cpus().length} cores, load ${loadavg()[0].toFixed(2)}):\n`);
    console.log('| what | deliveries/s | ratio |');
    console.log('|---|---|---|');
    console.log(`| plain POSTs (node:http, same body and concurrency) | ${baseline.toFixed(0)} | 1.00 |`);
    console.log(`| webhook worker (claim, unseal, sign, address check, POST, record) | ${worker1.toFixed(0)} | ${(worker1 / baseline).toFixed(2)} |`);
  } finally {
    await app?.close();
    receiver.close();
    await database.drop();
  }
}

await main();
