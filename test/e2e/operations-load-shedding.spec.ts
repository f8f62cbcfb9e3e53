import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const RETRY_AFTER = '7';
const READ = { method: 'GET', url: '/api/v1/specialties' } as const;

/** The answer every shed request gets. */
function expectShed(response: Response): void {
  expect(response.statusCode).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBe(RETRY_AFTER);
  expect(response.headers['cache-control']).toBe('private, no-store');
  expect(response.json()).toEqual({
    type: 'urn:ihosi:problem:service-unavailable',
    title: 'Service unavailable',
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    detail: `The server is overloaded; try again in ${RETRY_AFTER} s.`,
    requestId: response.headers['x-request-id'],
  });
}

/**
 * Keeps asking, every 10 ms, until `pick` likes an answer: pressure is sampled, so a change
 * shows after the next sample, and a short overload lasts only about one sample.
 */
async function answerWhen(t: TestApp, request: { method: 'GET'; url: string }, pick: (r: Response) => boolean, what: string): Promise<Response> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const response = await t.request(request);
    if (pick(response)) return response;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last answer ${response.statusCode}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Keeps this process's event loop busy for `ms`: nothing else runs on it meanwhile. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

/** `answerWhen`, with `between()` run before each request (the load the answer is waited for under). */
async function answerWhile(between: () => void, t: TestApp, request: typeof READ, pick: (r: Response) => boolean, what: string): Promise<Response> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    between();
    // A timer turn first, so the samplers run and see what `between` did.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const response = await t.request(request);
    if (pick(response)) return response;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last answer ${response.statusCode}`);
  }
}

describe('load shedding: heap past its limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Any process uses more than 1 MB of heap: overloaded from the first sample on, for good.
    t = await startTestApp({ env: { LOAD_SHED_HEAP_USED_MB: '1', LOAD_SHED_SAMPLE_INTERVAL_MS: '50', LOAD_SHED_RETRY_AFTER_SECONDS: RETRY_AFTER } });
    await answerWhen(t, READ, (r) => r.statusCode === 503, 'the first shed request');
  });
  afterAll(() => t?.close());

  it('answers 503 SERVICE_UNAVAILABLE problem+json with Retry-After, before the rate limiter runs', async () => {
    const response = await t.request(READ);
    expectShed(response);
    // Refused ahead of the rate limiter (no RateLimit headers), the body and the handler.
    expect(response.headers.ratelimit).toBeUndefined();
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.com', password: 'whatever-it-is' } });
    expectShed(login);
    expect(login.headers.ratelimit).toBeUndefined();
  });

  it('never sheds liveness', async () => {
    const response = await t.request({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('turns readiness 503, saying it is overloaded while the dependencies are up', async () => {
    const response = await t.request({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe(RETRY_AFTER);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: 'Not ready: overloaded.', overloaded: true, checks: { database: 'up', cache: 'up' } });
  });

  it('still serves /metrics, which counts the shed requests by reason', async () => {
    const response = await t.request({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    const shed = Number(/^load_shed_requests_total\{reason="heapUsedBytes"\} (\d+)$/m.exec(response.body)?.[1]);
    expect(shed).toBeGreaterThanOrEqual(3);
    expect(response.body).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/specialties",status="503"\}/);
  });
});

describe('load shedding: event loop blocked', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { LOAD_SHED_EVENT_LOOP_DELAY_MS: '20', LOAD_SHED_HEAP_USED_MB: '0', LOAD_SHED_SAMPLE_INTERVAL_MS: '100', LOAD_SHED_RETRY_AFTER_SECONDS: RETRY_AFTER },
    });
    // Start-up work (migrations on PGlite) may have delayed the loop; wait until it has settled.
    await answerWhen(t, READ, (r) => r.statusCode === 200, 'a served request');
  });
  afterAll(() => t?.close());

  it('sheds requests while the loop is blocked, keeps liveness, and serves again once it is free', async () => {
    // The app shares this process's event loop: synchronous work here is overload there. The
    // delay is sampled, so it shows a sample later; kept blocked in 150 ms slices, every sample
    // sees it, and a request asked between slices meets it however long requests take on a
    // busy machine (one 600 ms block was overload for one 100 ms sample, which a slow request
    // could miss).
    const shed = await answerWhile(() => busyFor(150), t, READ, (r) => r.statusCode === 503, 'a shed request');
    expectShed(shed);
    expect((await t.request({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    // The next samples see a free loop again: the same request is served.
    const served = await answerWhen(t, READ, (r) => r.statusCode === 200, 'service after the block');
    expect((served.json() as unknown[]).length).toBeGreaterThan(0);
    // Readiness reads the same samples: one slow sample on a busy machine may still be in them.
    await answerWhen(t, { method: 'GET', url: '/health/ready' }, (r) => r.statusCode === 200, 'readiness after the block');
  });
});
