import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteCatalog } from '../../../src/common/http/route-catalog.js';
import { bearer, registerUser } from '../../helpers/auth.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// The router decodes percent-escapes before it matches (RFC 3986: `%61` is `a`), so one route
// answers to many spellings of its path. Every spelling the router accepts must fall under the
// limit of the route it reaches; the limits are chosen by the matched route, not the raw URL.

/** `path` with the character at `index` percent-encoded, in lower- and (when it differs) upper-case hex. */
function encodedAt(path: string, index: number): string[] {
  const hex = path.charCodeAt(index).toString(16).padStart(2, '0');
  return [...new Set([hex.toLowerCase(), hex.toUpperCase()])].map((h) => `${path.slice(0, index)}%${h}${path.slice(index + 1)}`);
}

/** Every spelling with one character encoded, the whole path encoded in both cases, and a query string. */
function spellingsOf(path: string): string[] {
  const encodeAll = (upper: boolean) =>
    path.replace(/[^/]/g, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
      return `%${upper ? hex.toUpperCase() : hex}`;
    });
  const single = [...path].flatMap((c, i) => (c === '/' ? [] : encodedAt(path, i)));
  return [...new Set([path, ...single, encodeAll(false), encodeAll(true), `${path}?x=1`])];
}

const policyOf = (response: Response) => String(response.headers['ratelimit-policy'] ?? '');
/** Remaining allowance of one policy, read from the `RateLimit` header. */
function remaining(response: Response, policy: string): number | undefined {
  const match = new RegExp(`"${policy}";r=(\\d+);`).exec(String(response.headers['ratelimit'] ?? ''));
  return match ? Number(match[1]) : undefined;
}

describe('rate limits by matched route, whatever the spelling', () => {
  const LOGIN = '/api/v1/auth/login';
  const loginSpellings = spellingsOf(LOGIN);
  const GLOBAL = 1000;
  let t: TestApp;
  let token: string;
  /** A second user, whose session the auth-route sweep may end (logout-all) without harm. */
  let throwaway: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_AUTH_PER_MINUTE: String(loginSpellings.length), RATE_LIMIT_PER_MINUTE: String(GLOBAL), RATE_LIMIT_BOOKING_PER_MINUTE: '1000' },
    });
    // Registered from the default injection address, so the addresses below start untouched.
    token = (await registerUser(t)).accessToken;
    throwaway = (await registerUser(t)).accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts every spelling of POST /api/v1/auth/login against the one per-address auth limit, bearer token or not', async () => {
    expect(loginSpellings.length).toBeGreaterThan(15);
    const address = '198.51.100.40';
    const seen: number[] = [];
    for (const [i, url] of loginSpellings.entries()) {
      // Half of them carry a valid access token: it must not move the request to the per-user global limit.
      const headers = i % 2 ? bearer(token) : {};
      // A new e-mail each time, so the per-account lockout never answers first.
      const response = await t.request({ method: 'POST', url, headers, payload: { email: `nobody.${i}@example.com`, password: 'not the password' }, remoteAddress: address });
      // It reached login (a wrong password), not a 404.
      expect(response.statusCode, url).toBe(401);
      expect(response.json(), url).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect(policyOf(response), url).toBe(`"auth";q=${loginSpellings.length};w=60`);
      seen.push(remaining(response, 'auth')!);
    }
    // One bucket: the allowance went down by one per request, across all spellings.
    expect(seen).toEqual(loginSpellings.map((_, i) => loginSpellings.length - 1 - i));
    for (const url of [LOGIN, '/api/v1/%61uth/login', '/api/v1/au%74h/login']) {
      const over = await t.request({ method: 'POST', url, headers: bearer(token), payload: { email: 'nobody@example.com', password: 'x' }, remoteAddress: address });
      expect(over.statusCode, url).toBe(429);
      expect(over.json()).toMatchObject({ code: 'RATE_LIMITED' });
    }
    // None of it touched the address's global allowance.
    const other = await t.request({ method: 'GET', url: '/api/v1/specialties', remoteAddress: address });
    expect(remaining(other, 'global')).toBe(GLOBAL - 1);
  });

  it('puts every /api/v1/auth/* route, in any spelling, under the auth limit and never the global one', async () => {
    const authRoutes = t.app.get(RouteCatalog).routes.filter((r) => r.url.startsWith('/api/v1/auth/') && r.method !== 'HEAD');
    expect(authRoutes.length).toBeGreaterThanOrEqual(10);
    for (const [i, route] of authRoutes.entries()) {
      // `a` of `auth` and the route's own first letter encoded; with and without a token.
      for (const url of [...encodedAt(route.url, '/api/v1/'.length), ...encodedAt(route.url, '/api/v1/auth/'.length)]) {
        const response = await t.request({ method: route.method as 'GET', url, headers: bearer(throwaway), payload: route.method === 'GET' ? undefined : {}, remoteAddress: `192.0.2.${i + 1}` });
        expect(response.statusCode, `${route.method} ${url}`).not.toBe(404);
        expect(policyOf(response), `${route.method} ${url}`).toMatch(/^"auth";q=\d+;w=60$/);
      }
    }
  });

  it('counts every spelling of POST /api/v1/appointments against the booking limit', async () => {
    const spellings = spellingsOf('/api/v1/appointments');
    const seen: number[] = [];
    for (const url of spellings) {
      // An empty body is refused by validation, after the limiter counted the request.
      const response = await t.request({ method: 'POST', url, headers: bearer(token), payload: {}, remoteAddress: '198.51.100.41' });
      expect(response.statusCode, url).toBe(400);
      expect(policyOf(response), url).toMatch(/"booking";q=1000;w=60/);
      seen.push(remaining(response, 'booking')!);
    }
    expect(seen).toEqual(spellings.map((_, i) => seen[0]! - i));
  });

  it('counts every spelling of /health/live, /health/ready and /metrics, for GET and HEAD, against the probe limit only', async () => {
    const seen: number[] = [];
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      for (const url of spellingsOf(path)) {
        for (const method of ['GET', 'HEAD'] as const) {
          const response = await t.request({ method, url, remoteAddress: '198.51.100.42' });
          expect(response.statusCode, `${method} ${url}`).toBe(200);
          expect(policyOf(response), `${method} ${url}`).toBe('"probe";q=600;w=60');
          seen.push(remaining(response, 'probe')!);
        }
      }
    }
    expect(seen).toEqual(seen.map((_, i) => seen[0]! - i));
  });

  it('counts a path the router does not match against the global limit, however much it looks like a probe or auth route', async () => {
    for (const url of ['/api/v1/auth/login/', '/api/v1/AUTH/login', '/api/v1/%2561uth/login', '/api/v1/auth/nothing-here', '/health/live/', '/metrics/', '/healthz']) {
      const response = await t.request({ method: 'POST', url, headers: bearer(token), payload: {}, remoteAddress: '198.51.100.43' });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(404);
      expect(response.statusCode, url).toBeLessThanOrEqual(405);
      expect(policyOf(response), url).toMatch(/^"global";q=1000;w=60$/);
    }
  });
});
