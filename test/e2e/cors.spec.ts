import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteCatalog } from '../../src/common/http/route-catalog.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const ORIGIN = 'https://console.ihosi.example';
/** The request headers the API reads from callers. */
const API_REQUEST_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'if-none-match'];

/** A comma-separated header as a list; header names compare in lower case, methods in upper case. */
const listOf = (header: unknown) =>
  String(header ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const namesOf = (header: unknown) => listOf(header).map((s) => s.toLowerCase());

describe('CORS preflights from an allowed origin', () => {
  let t: TestApp;
  /** One concrete path per method the API routes, taken from the registered routes. */
  let pathByMethod: Map<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGIN: `${ORIGIN}, https://admin.ihosi.example` } });
    pathByMethod = new Map();
    for (const route of t.app.get(RouteCatalog).routes) {
      if (route.method === 'OPTIONS' || pathByMethod.has(route.method)) continue;
      pathByMethod.set(route.method, route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000'));
    }
  });
  afterAll(() => t.close());

  it('the API routes GET, HEAD, POST, PUT, PATCH and DELETE', () => {
    expect([...pathByMethod.keys()].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']);
  });

  it('allows every method the API routes, each with the request headers the API reads', async () => {
    for (const [method, url] of pathByMethod) {
      const response = await t.request({
        method: 'OPTIONS',
        url,
        headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': API_REQUEST_HEADERS.join(', ') },
      });
      expect(response.statusCode, `${method} ${url}`).toBe(204);
      expect(response.headers['access-control-allow-origin'], method).toBe(ORIGIN);
      expect(listOf(response.headers['access-control-allow-methods']), method).toContain(method);
      expect(namesOf(response.headers['access-control-allow-headers']), method).toEqual(expect.arrayContaining(API_REQUEST_HEADERS));
      expect(response.headers['access-control-max-age']).toBe('600');
    }
  });

  it('names only the methods the API routes and the headers it reads, not whatever the preflight asks for', async () => {
    const response = await t.request({
      method: 'OPTIONS',
      url: '/api/v1/appointments',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-forwarded-for, cookie' },
    });
    expect(listOf(response.headers['access-control-allow-methods']).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']);
    const allowed = namesOf(response.headers['access-control-allow-headers']);
    expect(allowed).not.toContain('x-forwarded-for');
    expect(allowed).not.toContain('cookie');
  });

  it('lets the browser read the request id and rate-limit headers of the real response', async () => {
    const response = await t.request({ method: 'DELETE', url: pathByMethod.get('DELETE')!, headers: { origin: ORIGIN } });
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(namesOf(response.headers['access-control-expose-headers'])).toEqual(expect.arrayContaining(['x-request-id', 'retry-after', 'ratelimit', 'ratelimit-policy', 'etag']));
  });

  it('keeps Vary: Origin beside Vary: Authorization on a cacheable public read', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/specialties', headers: { origin: ORIGIN } });
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(response.headers.etag).toBeDefined();
    expect(namesOf(response.headers.vary)).toEqual(expect.arrayContaining(['origin', 'authorization']));
  });

  it('gives an origin that is not listed no CORS permission', async () => {
    const response = await t.request({
      method: 'OPTIONS',
      url: '/api/v1/appointments',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
