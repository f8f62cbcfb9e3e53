import type { FastifyRequest } from 'fastify';

/**
 * Which limit a request falls under:
 * - `auth`: RATE_LIMIT_AUTH_PER_MINUTE per client address, whoever is signed in (also deleting
 *   the account, which checks a password, and the account export, which reads everything);
 * - `booking`: the global limit plus RATE_LIMIT_BOOKING_PER_MINUTE;
 * - `probe`: RATE_LIMIT_PROBE_PER_MINUTE per client address, counted in this instance's memory
 *   (/health/* and /metrics: probes and scrapers, see rate-limit.service.ts);
 * - `global`: RATE_LIMIT_PER_MINUTE per user or address.
 */
export type LimitClass = 'auth' | 'booking' | 'probe' | 'global';

const AUTH_ROUTE_PREFIX = '/api/v1/auth/';
const BOOKING_ROUTE = '/api/v1/appointments';
/** Patients' rights (issue 18): a password check, and the heaviest read there is. */
const ACCOUNT_ROUTES = new Set(['/api/v1/me', '/api/v1/me/export']);

/**
 * Decided by the route template the router matched (`request.routeOptions.url`, set before
 * onRequest hooks run), never by the raw URL: the router decodes percent-escapes, so
 * `/api/v1/%61uth/login` is login as much as `/api/v1/auth/login` is, and a raw-URL prefix
 * test would let it out of the auth limit. A request the router did not match (404, 405)
 * reaches no handler and counts against the global limit, whatever its path looks like.
 */
export function limitClassOf(request: FastifyRequest): LimitClass {
  return limitClassOfRoute(request.method, request.routeOptions.url);
}

/** The limit of a route template (`/api/v1/doctors/:id`); also what the OpenAPI document says of each operation. */
export function limitClassOfRoute(method: string, route: string | undefined): LimitClass {
  if (route === undefined) return 'global';
  if (route.startsWith(AUTH_ROUTE_PREFIX) || ACCOUNT_ROUTES.has(route)) return 'auth';
  if (route === '/metrics' || route.startsWith('/health/')) return 'probe';
  if (method.toUpperCase() === 'POST' && route === BOOKING_ROUTE) return 'booking';
  return 'global';
}
