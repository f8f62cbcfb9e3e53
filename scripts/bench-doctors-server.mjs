/* global process, console -- Node globals; plain JavaScript run by node after the build */
// One server for scripts/bench-doctors.mjs, in its own process so the load generator does not
// share its event loop:  node scripts/bench-doctors-server.mjs app|app-nocache|bare PORT
// `bare` is Fastify + pg running exactly the SQL the app runs (same builders from dist/).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { DirectoryCache } from '../dist/modules/doctors/directory.cache.js';
import { expandTokens, neighboursQuery, searchQuery } from '../dist/modules/doctors/doctor-search.repository.js';
import { profileByIdQuery } from '../dist/modules/doctors/doctors.repository.js';
import { resolveSort, searchTokens } from '../dist/modules/doctors/search-terms.js';

const [mode, port] = [process.argv[2], Number(process.argv[3])];
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');

if (mode === 'bare') {
  const dialect = new PgDialect();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const run = async (query) => {
    const { sql, params } = dialect.sqlToQuery(query);
    return (await pool.query(sql, params)).rows;
  };
  const fastify = Fastify({ logger: false });
  fastify.get('/api/v1/doctors', async (request) => {
    const words = searchTokens(request.query.q);
    const tokens = words.length > 0 ? expandTokens(words, await run(neighboursQuery(words))) : [];
    const limit = 20;
    // Near-me: the same point, radius (km → m) and default sort the app derives from the query.
    const [latitude, longitude] = request.query.near ? request.query.near.split(',').map(Number) : [];
    const near = request.query.near ? { latitude, longitude, radiusMetres: Number(request.query.radiusKm ?? 50) * 1000 } : undefined;
    const sort = resolveSort(request.query.sort, words, near !== undefined);
    const rows = await run(searchQuery({ tokens, specialty: request.query.specialty, near, sort, limit: limit + 1, after: null }).query);
    return { data: rows.slice(0, limit), nextCursor: null };
  });
  fastify.get('/api/v1/doctors/:id', async (request, reply) => {
    const [row] = await run(profileByIdQuery(request.params.id));
    return row ?? reply.code(404).send({ code: 'NOT_FOUND' });
  });
  await fastify.listen({ port, host: '127.0.0.1' });
} else {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-access-secret-0123456789abcdef0123',
    JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012',
    DATA_ENCRYPTION_KEYS: process.env.DATA_ENCRYPTION_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
    LOG_LEVEL: 'warn',
    SWAGGER_ENABLED: 'false',
    MAIL_TRANSPORT: 'disabled',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const app = await createApp(config, pino({ level: 'warn' }));
  if (mode === 'app-nocache') {
    // Every read goes to the database, to compare the app's own overhead with the bare handler.
    app.get(DirectoryCache).through = (_key, _ttl, load) => load();
  }
  await app.listen({ port, host: '127.0.0.1' });
}
// Exit normally on the benchmark's SIGTERM, so that `--cpu-prof` (BENCH_SERVER_NODE_ARGS) writes its profile.
process.on('SIGTERM', () => process.exit(0));
console.log('ready');
