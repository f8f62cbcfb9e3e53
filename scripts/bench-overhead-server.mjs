/* global process, console -- Node globals; plain JavaScript run by node after the build */
// One server for scripts/bench-overhead.mjs, in its own process so the load generator does
// not share its event loop:  node scripts/bench-overhead-server.mjs app|bare PORT
// `bare` is the least a server can do for the same two answers: Fastify with no hooks,
// `GET /health/live` returning the same JSON, and `GET /api/v1/auth/me` doing the app's
// essential work (jose verifies the bearer token with the app's key and claim checks, then one
// `pg` select of the user by id), nothing else.
import 'reflect-metadata';
import Fastify from 'fastify';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';

const [mode, port] = [process.argv[2], Number(process.argv[3])];
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required');
const config = loadConfig({ ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SWAGGER_ENABLED: 'false' });

if (mode === 'bare') {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const key = new TextEncoder().encode(config.jwt.accessSecret);
  const fastify = Fastify({ logger: false });
  fastify.get('/health/live', async () => ({ status: 'ok' }));
  fastify.get('/api/v1/auth/me', async (request, reply) => {
    const token = request.headers.authorization?.slice('Bearer '.length) ?? '';
    let sub;
    try {
      ({ payload: { sub } } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: config.auth.issuer, audience: config.auth.audience, typ: 'at+jwt', requiredClaims: ['sub', 'iat', 'exp'] }));
    } catch {
      return reply.code(401).send({ code: 'UNAUTHENTICATED' });
    }
    const { rows: [user] } = await pool.query('select id, email, full_name, role, phone, date_of_birth, created_at from users where id = $1 limit 1', [sub]);
    if (!user) return reply.code(404).send({ code: 'NOT_FOUND' });
    return { id: user.id, email: user.email, fullName: user.full_name, role: user.role, phone: user.phone, dateOfBirth: user.date_of_birth, createdAt: user.created_at.toISOString() };
  });
  await fastify.listen({ port, host: '127.0.0.1' });
} else {
  const app = await createApp(config, pino({ level: 'warn' }));
  await app.listen({ port, host: '127.0.0.1' });
}
// --cpu-prof writes its profile at a normal exit: SIGUSR2 ends the process that way.
process.on('SIGUSR2', () => process.exit(0));
// The server's own CPU time, for a per-request cost that a busy machine disturbs less than req/s.
process.on('SIGUSR1', () => console.log(`cpu ${JSON.stringify(process.cpuUsage())}`));
console.log('ready');
