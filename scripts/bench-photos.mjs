/* global process, console, fetch, FormData, Blob -- Node globals; plain JavaScript run by node after the build */
// Photo upload throughput (issue 16): `PUT /api/v1/doctors/me/photo` over HTTP next to the
// image work alone (the same three sharp renditions of the same JPEG), in one run and one
// process, at the same concurrency. After `npm run build`:
//   node scripts/bench-photos.mjs [--json FILE]
// Environment: DATABASE_URL (default: the embedded PGlite in memory), BENCH_PHOTO_UPLOADS
// (per phase, default 60), BENCH_PHOTO_CONCURRENCY (default 4), BENCH_PHOTO_EDGE (the source
// image's width in pixels, default 2000: a phone photo scaled down).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import sharp from 'sharp';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { renderPhoto } from '../dist/modules/doctors/photos/photo-images.js';
import { percentile } from './bench-load.mjs';

const UPLOADS = Number(process.env.BENCH_PHOTO_UPLOADS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_PHOTO_CONCURRENCY ?? 4);
const EDGE = Number(process.env.BENCH_PHOTO_EDGE ?? 2000);

/** Runs `task` `total` times, `concurrency` at a time; returns per-call latencies (ms) and the wall time (s). */
async function phase(total, concurrency, task) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) {
        next++;
        const t0 = performance.now();
        await task(worker);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { n: latencies.length, seconds, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

const image = await sharp({ create: { width: EDGE, height: Math.round(EDGE * 0.75), channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 85 }).toBuffer();
const config = loadConfig({
  ...process.env,
  // Production settings on PostgreSQL; without DATABASE_URL, development's embedded database.
  NODE_ENV: process.env.DATABASE_URL ? 'production' : 'development',
  HOST: '127.0.0.1',
  JWT_SECRET: 'bench-access-secret-0123456789abcdef0123',
  JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
  DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
  DATA_DIR: process.env.DATA_DIR ?? 'memory://',
  MAIL_TRANSPORT: 'disabled',
  LOG_LEVEL: 'warn',
  SWAGGER_ENABLED: 'false',
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
});
const app = await createApp(config, pino({ level: 'warn' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const url = await app.getUrl();
try {
  // One doctor per concurrent client: each upload replaces that doctor's photo.
  const tokens = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const response = await fetch(`${url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `photo-bench-${randomBytes(4).toString('hex')}@example.com`, password: 'correct horse battery staple 42', fullName: `Dr Bench ${i}`, role: 'doctor' }),
    });
    if (response.status !== 201) throw new Error(`register answered ${response.status}`);
    tokens.push((await response.json()).accessToken);
  }
  const upload = async (worker) => {
    const form = new FormData();
    form.append('file', new Blob([image], { type: 'image/jpeg' }), 'me.jpg');
    const response = await fetch(`${url}/api/v1/doctors/me/photo`, { method: 'PUT', headers: { authorization: `Bearer ${tokens[worker]}` }, body: form });
    if (response.status !== 200) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  };
  await phase(CONCURRENCY, CONCURRENCY, upload); // warm-up
  await phase(CONCURRENCY, CONCURRENCY, () => renderPhoto(image));
  // Alternating, so load from other tenants of the machine hits both alike.
  const raw1 = await phase(UPLOADS, CONCURRENCY, () => renderPhoto(image));
  const app1 = await phase(UPLOADS, CONCURRENCY, upload);
  const raw2 = await phase(UPLOADS, CONCURRENCY, () => renderPhoto(image));
  const app2 = await phase(UPLOADS, CONCURRENCY, upload);
  const raw = raw1.perSecond >= raw2.perSecond ? raw1 : raw2;
  const uploads = app1.perSecond >= app2.perSecond ? app1 : app2;
  const ratio = uploads.perSecond / raw.perSecond;
  const f = (x) => x.toFixed(1);
  console.log(`Source: ${EDGE}×${Math.round(EDGE * 0.75)} JPEG, ${(image.length / 1024).toFixed(0)} KiB; ${CONCURRENCY} concurrent; ${UPLOADS} per phase, best of two; database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded)'}, storage ${config.storage.kind}\n`);
  console.log('| measure | per second | p50 ms | p95 ms |\n|---|---:|---:|---:|');
  console.log(`| the image work alone (check, three WebP renditions) | ${f(raw.perSecond)} | ${f(raw.p50)} | ${f(raw.p95)} |`);
  console.log(`| \`PUT /api/v1/doctors/me/photo\` over HTTP (multipart, render, store, profile) | ${f(uploads.perSecond)} | ${f(uploads.p50)} | ${f(uploads.p95)} |`);
  console.log(`| **uploads ÷ image work** | **${ratio.toFixed(2)}** | | |`);
  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt > 0 && process.argv[jsonAt + 1]) writeFileSync(process.argv[jsonAt + 1], JSON.stringify({ edge: EDGE, bytes: image.length, concurrency: CONCURRENCY, uploads: UPLOADS, raw, app: uploads, ratio }, null, 2));
} finally {
  await app.close();
}
