import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onRealPostgres } from '../helpers/lanes.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health/live says ok while the process serves', async () => {
    const response = await t.request({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready checks the database and the cache', async () => {
    const response = await t.request({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'up', cache: 'up' } });
  });

  it('GET /metrics exports request counts and latency by route template, and process metrics', async () => {
    await t.request({ method: 'GET', url: '/api/v1/specialties' });
    await t.request({ method: 'GET', url: '/api/v1/unknown/123' });
    const response = await t.request({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/specialties",status="200"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/specialties",status="200"\}/);
    // Unknown URLs collapse into one label instead of one series per URL.
    expect(text).toMatch(/route="<unmatched>",status="404"/);
    expect(text).not.toMatch(/unknown\/123/);
    expect(text).toMatch(/process_resident_memory_bytes/);
    expect(text).toMatch(/nodejs_eventloop_lag_p99_seconds/);
    expect(text).toMatch(/# TYPE bookings_total counter/);
    const connections = Number(/^db_pool_connections (\d+)$/m.exec(text)?.[1]);
    // A real pool has at least the connection that served the request; PGlite has no pool.
    expect(connections).toBeGreaterThanOrEqual(onRealPostgres ? 1 : 0);
    expect(text).toMatch(/^db_pool_waiting_requests \d+$/m);
  });

  it('GET /docs serves Swagger UI and /docs-json an OpenAPI 3 document of the routes', async () => {
    const ui = await t.request({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const doc = (await t.request({ method: 'GET', url: '/docs-json' })).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics', '/api/v1/specialties']));
  });

  it('GET /api/v1/specialties lists the seeded catalogue of at least 40 specialties', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/specialties' });
    expect(response.statusCode).toBe(200);
    const list = response.json() as { code: string; name: string }[];
    expect(list.length).toBeGreaterThanOrEqual(40);
    expect(list).toContainEqual({ code: 'cardiology', name: 'Cardiology' });
    for (const s of list) expect(s.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
