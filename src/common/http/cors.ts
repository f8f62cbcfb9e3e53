import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteCatalog } from './route-catalog.js';

/** `@fastify/cors` options, named through the adapter so the transitive package is not imported. */
type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/**
 * Request headers a browser may send cross-origin: the ones the API reads (the bearer token,
 * JSON bodies, booking idempotency keys, caller request ids) and conditional GETs. A fixed
 * list rather than echoing whatever a preflight asks for, so a new header is a decision.
 */
export const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match', 'X-Request-Id'] as const;

/**
 * Response headers a browser may let scripts read besides the CORS-safelisted ones; `ETag`, so
 * a web client can send it back in `If-None-Match`.
 */
export const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'ETag'] as const;

/**
 * `@fastify/cors` options for the allowed origins. The allowed methods are every method a
 * route is registered with (OPTIONS aside, which is the preflight itself), read from the
 * route catalog once routes exist, so a new PATCH or DELETE route is usable from a browser
 * without anyone remembering a list; the library's own default is only GET, HEAD and POST.
 */
export function corsOptions(origin: string[] | '*', routes: RouteCatalog): CorsOptions {
  let resolved: CorsOptions | undefined;
  return {
    // Options per request: the first request comes after every route is registered.
    delegator: (_request, callback) => {
      resolved ??= {
        origin: origin === '*' ? true : origin,
        methods: routes.methods().filter((method) => method !== 'OPTIONS'),
        allowedHeaders: [...CORS_REQUEST_HEADERS],
        exposedHeaders: [...CORS_EXPOSED_HEADERS],
        maxAge: 600,
      };
      callback(null, resolved);
    },
  };
}
