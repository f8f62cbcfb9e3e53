import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const TOKEN = 'metrics-token-0123456789abcdefghijklmnopqrstuv';
const PRODUCTION = { NODE_ENV: 'production' };

const scrape = (t: TestApp, headers: Record<string, string> = {}) => t.request({ method: 'GET', url: '/metrics', headers });

function expectProblem(response: Response, status: number, code: string): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code });
  // Nothing of the metrics text leaks into a refusal.
  expect(response.body).not.toMatch(/http_requests_total|process_resident_memory_bytes/);
}

describe('operations surfaces in production with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ...PRODUCTION, METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t?.close());

  it('boots in production mode', () => {
    expect(t.config.isProduction).toBe(true);
  });

  it('serves /metrics only to `Authorization: Bearer <METRICS_TOKEN>`', async () => {
    const ok = await scrape(t, { authorization: `Bearer ${TOKEN}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/process_resident_memory_bytes/);
  });

  it('refuses /metrics without the token, with a wrong one, a prefix of it, or another scheme: 401 problem with WWW-Authenticate', async () => {
    const wrongSameLength = `${TOKEN.slice(0, -1)}${TOKEN.endsWith('v') ? 'w' : 'v'}`;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${wrongSameLength}` },
      { authorization: `Bearer ${TOKEN.slice(0, 20)}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const response = await scrape(t, headers);
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('does not serve Swagger UI or the OpenAPI document unless SWAGGER_ENABLED=true', async () => {
    for (const url of ['/docs', '/docs-json', '/docs-yaml']) {
      expect((await t.request({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('still answers the health probes without a token', async () => {
    expect((await t.request({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});

describe('operations surfaces in production without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: PRODUCTION });
  });
  afterAll(() => t?.close());

  it('starts, says at start-up that /metrics is off, and answers /metrics 404 whatever the caller sends', async () => {
    expect(t.config.warnings.join(' ')).toMatch(/METRICS_TOKEN not set in production: \/metrics answers 404/);
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}` }, { authorization: 'Bearer ' }];
    for (const headers of attempts) expectProblem(await scrape(t, headers), 404, 'NOT_FOUND');
  });
});

describe('operations surfaces in production, opened on purpose', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ...PRODUCTION, METRICS_PUBLIC: 'true', SWAGGER_ENABLED: 'true' } });
  });
  afterAll(() => t?.close());

  it('serves /metrics to anyone with METRICS_PUBLIC=true', async () => {
    const response = await scrape(t);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/http_requests_total/);
  });

  it('serves Swagger UI and the OpenAPI document with SWAGGER_ENABLED=true', async () => {
    expect((await t.request({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/docs-json' })).json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  });
});

describe('METRICS_TOKEN outside production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t?.close());

  it('is required as soon as it is set, in any environment', async () => {
    expectProblem(await scrape(t), 401, 'UNAUTHENTICATED');
    expect((await scrape(t, { authorization: `bearer ${TOKEN}` })).statusCode).toBe(200);
  });
});
