import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mapDatabaseError } from '../../src/common/errors/database-errors.js';
import { DATABASE, type Database } from '../../src/db/database.js';
import { createScratchDatabase, onRealPostgres, realRedisUrl } from '../helpers/lanes.js';
import { expectProblem } from '../helpers/http.js';
import { waitFor } from '../helpers/process.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// A proxy the test controls sits between the app and PostgreSQL (or Redis), so the
// dependency can be cut and restored while the app keeps running. Needs real servers.
describe.skipIf(!onRealPostgres)('when the database goes away and comes back', () => {
  let proxy: TcpProxy;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let t: TestApp;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    proxy = await TcpProxy.forUrl(scratch.url).start();
    t = await startTestApp({ databaseUrl: proxy.rewrite(scratch.url) });
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await scratch?.drop();
  });

  it('turns readiness to 503 naming the database, answers requests with 503, and recovers by itself', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/specialties' })).statusCode).toBe(200);

    proxy.cut();
    const ready = await t.request({ method: 'GET', url: '/health/ready' });
    const body = expectProblem(ready, 503, 'SERVICE_UNAVAILABLE');
    expect(body.checks).toEqual({ database: 'down', cache: 'up' });
    expect(body.detail).toMatch(/database/);

    const request = await t.request({ method: 'GET', url: '/api/v1/specialties' });
    const problem = expectProblem(request, 503, 'SERVICE_UNAVAILABLE');
    expect(request.headers['retry-after']).toBe('5');
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);
    // Liveness is about the process, not its dependencies.
    expect((await t.request({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);

    // How fast it recovers is for the benchmarks; here: by itself, without a restart.
    proxy.restore();
    await waitFor(async () => ((await t.request({ method: 'GET', url: '/api/v1/specialties' })).statusCode === 200 ? true : undefined), 20_000, 'recovery');
    expect((await t.request({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});

describe.skipIf(!onRealPostgres)('when the database goes away in the middle of a transaction', () => {
  it('fails that transaction as SERVICE_UNAVAILABLE and does not crash the process', async () => {
    const scratch = await createScratchDatabase();
    const proxy = await TcpProxy.forUrl(scratch.url).start();
    const t = await startTestApp({ databaseUrl: proxy.rewrite(scratch.url) });
    // A connection lent to a transaction has no listener of the pool's: unhandled, its 'error'
    // event would be an uncaught exception, which ends a production process.
    const uncaught: unknown[] = [];
    const monitor = (error: unknown) => uncaught.push(error);
    process.on('uncaughtExceptionMonitor', monitor);
    try {
      const { db } = t.app.get<Database>(DATABASE);
      const failure = await db
        .transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          proxy.cut();
          await tx.execute(sql`select 1`);
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(mapDatabaseError(failure)?.code).toBe('SERVICE_UNAVAILABLE');
      proxy.restore();
      await waitFor(async () => ((await t.request({ method: 'GET', url: '/api/v1/specialties' })).statusCode === 200 ? true : undefined), 20_000, 'recovery');
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtExceptionMonitor', monitor);
      await t.close();
      await proxy.stop();
      await scratch.drop();
    }
  });
});

describe.skipIf(!onRealPostgres)('when the database is unreachable at start and then appears', () => {
  it('keeps retrying with backoff and starts once it answers', async () => {
    const scratch = await createScratchDatabase();
    const proxy = await TcpProxy.forUrl(scratch.url).start();
    proxy.cut();
    // The database appears once the app has been turned away twice, i.e. once it is retrying.
    const appearing = waitFor(async () => (proxy.refused >= 2 ? true : undefined), 20_000, 'connection attempts').then(() => proxy.restore());
    const t = await startTestApp({ databaseUrl: proxy.rewrite(scratch.url), env: { DB_CONNECT_RETRY_SECONDS: '20' } });
    try {
      await appearing;
      expect((await t.request({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      expect(t.logs.filter((l) => l.msg === 'database not reachable yet, retrying').length).toBeGreaterThanOrEqual(1);
    } finally {
      await t.close();
      await proxy.stop();
      await scratch.drop();
    }
  });
});

describe.skipIf(!realRedisUrl)('when Redis goes away and comes back', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await TcpProxy.forUrl(realRedisUrl!).start();
    t = await startTestApp({ env: { REDIS_URL: proxy.rewrite(realRedisUrl!) } });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
  });

  it('reports the cache in readiness and recovers without a restart', async () => {
    proxy.cut();
    const body = expectProblem(await t.request({ method: 'GET', url: '/health/ready' }), 503, 'SERVICE_UNAVAILABLE');
    expect(body.checks).toEqual({ database: 'up', cache: 'down' });
    // Database-backed reads keep working without the cache.
    expect((await t.request({ method: 'GET', url: '/api/v1/specialties' })).statusCode).toBe(200);

    proxy.restore();
    await waitFor(async () => ((await t.request({ method: 'GET', url: '/health/ready' })).statusCode === 200 ? true : undefined), 10_000, 'cache recovery');
  });
});
