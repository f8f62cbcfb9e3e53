/* global process -- a Node global; plain JavaScript run by node after the build */
// One app instance in the benchmark's own process: production's rules, with fixed JWT secrets
// and the limits that would cut a benchmark short out of the way.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import 'reflect-metadata';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';

// Production requires a PHI encryption key; every instance of one run must share it.
const dataKeys = process.env.DATA_ENCRYPTION_KEYS ?? `bench:${randomBytes(32).toString('base64')}`;

/**
 * Starts the app on `database` (from scratchDatabase) on a loopback port; `env` adds to or
 * overrides the settings below. Answers the app and its base URL.
 */
export async function startBenchApp(database, env = {}) {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL,
    // Under the caller's prefix, if any (npm run bench deletes it); the instances of one run share it.
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? ''}${database.name}:`,
    JWT_SECRET: 'bench-access-secret-0123456789abcdef0123',
    JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
    BCRYPT_COST: '10',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_BOOKING_PER_MINUTE: '100000000',
    MAX_FUTURE_APPOINTMENTS: '100000',
    DATA_ENCRYPTION_KEYS: dataKeys,
    OUTBOX_WORKER_ENABLED: 'false',
    MAIL_TRANSPORT: 'disabled',
    SWAGGER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const app = await createApp(config, pino({ level: 'warn' }, pino.destination('/dev/null')));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${app.getHttpServer().address().port}` };
}
