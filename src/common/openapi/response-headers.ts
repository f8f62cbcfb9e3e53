import type { HeaderObject, HeadersObject } from '@nestjs/swagger';
import { REQUEST_ID_PATTERN } from '../http/request-id.js';

// The response headers the document names (components.headers), each under its own header
// name, and which responses carry which.

const RATE_LIMIT_ITEM = '"[a-z]+";r=\\d+;t=\\d+';
const RATE_LIMIT_POLICY_ITEM = '"[a-z]+";q=\\d+;w=\\d+';

export const HEADER_COMPONENTS: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description: "The request's id: the caller's own well-formed `X-Request-Id`, else the server's UUID. A problem's `requestId` is the same value.",
    schema: { type: 'string', maxLength: 128, pattern: REQUEST_ID_PATTERN },
  },
  RateLimit: {
    description: 'IETF draft "RateLimit header fields for HTTP": one item per policy that applies, `"<policy>";r=<remaining>;t=<seconds until the window resets>`. Absent while the rate limiter is unavailable.',
    schema: { type: 'string', maxLength: 200, pattern: `^${RATE_LIMIT_ITEM}(, ${RATE_LIMIT_ITEM})*$`, example: '"global";r=119;t=60' },
  },
  'RateLimit-Policy': {
    description: 'The policies that apply, `"<policy>";q=<requests>;w=<window seconds>`: `auth` (per address, /api/v1/auth/*), `global` (per user or address), `booking` (POST /api/v1/appointments) and `probe` (per address and instance, /health/* and /metrics).',
    schema: { type: 'string', maxLength: 200, pattern: `^${RATE_LIMIT_POLICY_ITEM}(, ${RATE_LIMIT_POLICY_ITEM})*$`, example: '"global";q=120;w=60' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400, example: 30 },
  },
  'WWW-Authenticate': {
    description: '`Bearer` (RFC 6750): send an access token as `Authorization: Bearer <token>`.',
    schema: { type: 'string', maxLength: 200, pattern: '^Bearer( .*)?$' },
  },
  'Access-Control-Allow-Origin': {
    description: 'Only when the deployment allows browser origins (`CORS_ORIGIN`) and the request came from one of them; mobile apps never need it.',
    schema: { type: 'string', maxLength: 2_048, pattern: '^(\\*|[a-z][a-z0-9+.-]*://.+)$' },
  },
};

const ref = (name: keyof typeof HEADER_COMPONENTS) => ({ $ref: `#/components/headers/${name}` });

/**
 * The headers of one response: every response has `X-Request-Id` (and CORS when configured);
 * rate-limited routes add `RateLimit`/`RateLimit-Policy`; 429 and 503 say when to retry, a 401
 * of a bearer route how to authenticate.
 */
export function responseHeaders(status: number, options: { rateLimited: boolean; bearer: boolean }): HeadersObject {
  const headers: HeadersObject = { 'X-Request-Id': ref('X-Request-Id'), 'Access-Control-Allow-Origin': ref('Access-Control-Allow-Origin') };
  if (options.rateLimited) Object.assign(headers, { RateLimit: ref('RateLimit'), 'RateLimit-Policy': ref('RateLimit-Policy') });
  if (status === 429 || status === 503) headers['Retry-After'] = ref('Retry-After');
  if (status === 401 && options.bearer) headers['WWW-Authenticate'] = ref('WWW-Authenticate');
  return headers;
}
