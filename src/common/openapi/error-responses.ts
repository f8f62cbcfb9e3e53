import type { ResponseObject } from '@nestjs/swagger';
import { ROLES, type AccessPolicy } from '../auth/policy.js';
import { errorCatalog, type ErrorCode } from '../errors/catalog.js';
import { limitClassOfRoute, type LimitClass } from '../rate-limit/route-class.js';
import { responseHeaders } from './response-headers.js';

/** What the document knows of an operation, from which its error responses follow. */
export interface OperationFacts {
  /** Lower case, as the document keys it. */
  method: string;
  /** The document's path, `/api/v1/doctors/{id}`. */
  path: string;
  policy: AccessPolicy;
  /** It asks for a bearer token (a role policy, or /metrics' own token). */
  bearer: boolean;
  /** ValidBody, ValidQuery or ValidParam validates some of its input. */
  validatesInput: boolean;
  /** The codes the route's contract names (its service's answers). */
  declared: readonly ErrorCode[];
}

const WRITES = new Set(['post', 'put', 'patch']);
const CATALOG_ORDER = Object.keys(errorCatalog) as ErrorCode[];

/** A few words more than the title, where a client needs them to act. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: '`errors` names each field',
  TOKEN_EXPIRED: 'refresh the session',
  RATE_LIMITED: 'wait `Retry-After` seconds',
  ACCOUNT_LOCKED: 'wait `Retry-After` seconds, or reset the password',
  INTERNAL_ERROR: 'quote `requestId`',
};

/** The limits whose answers carry `RateLimit` headers and may be 429: all of them (the probes have their own, per instance). */
const LIMITED = new Set<LimitClass>(['auth', 'booking', 'probe', 'global']);

export function isRateLimited(method: string, path: string): boolean {
  return LIMITED.has(limitClassOfRoute(method, path.replace(/\{(\w+)\}/g, ':$1')));
}

/**
 * Every code an operation can answer with: what its service declares, plus what follows from
 * the route itself, the same for every route of its kind:
 * - a write (POST, PUT, PATCH) may carry a body: malformed JSON 400, too large 413, not JSON 415;
 * - validated input (body, query, path parameter): 400 naming the fields;
 * - a role policy: 401 without a valid access token (expired: TOKEN_EXPIRED), 403 for a role
 *   it does not allow;
 * - a path parameter: 404 for an id that names nothing the caller may see;
 * - a rate limit: 429;
 * - every /api route reads the database: 503 while it is unavailable;
 * - anything: 500.
 */
export function errorCodesOf(facts: OperationFacts): ErrorCode[] {
  const codes = new Set<ErrorCode>(facts.declared);
  const write = WRITES.has(facts.method);
  if (write || facts.validatesInput) codes.add('VALIDATION_FAILED');
  if (write) {
    codes.add('PAYLOAD_TOO_LARGE');
    codes.add('UNSUPPORTED_MEDIA_TYPE');
  }
  if (facts.policy.kind === 'roles') {
    codes.add('UNAUTHENTICATED');
    codes.add('TOKEN_EXPIRED');
    const allowed = facts.policy.roles;
    if (ROLES.some((role) => !allowed.includes(role))) codes.add('FORBIDDEN');
  }
  if (/\{\w+\}/.test(facts.path)) codes.add('NOT_FOUND');
  if (isRateLimited(facts.method, facts.path)) codes.add('RATE_LIMITED');
  if (facts.path.startsWith('/api/')) codes.add('SERVICE_UNAVAILABLE');
  codes.add('INTERNAL_ERROR');
  return CATALOG_ORDER.filter((code) => codes.has(code));
}

/** The error responses of an operation, one per status, each a problem+json `Problem` naming its codes. */
export function errorResponses(facts: OperationFacts): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(facts)) {
    const status = errorCatalog[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const options = { rateLimited: isRateLimited(facts.method, facts.path), bearer: facts.bearer };
  return Object.fromEntries(
    [...byStatus.entries()].map(([status, codes]) => [
      String(status),
      {
        description: codes.map((code) => `\`${code}\`: ${errorCatalog[code].title}${HINTS[code] ? ` (${HINTS[code]})` : ''}`).join('; '),
        headers: responseHeaders(status, options),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
}
