import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** What a response's `X-Request-Id` looks like (a UUID fits it too), for the OpenAPI document. */
export const REQUEST_ID_PATTERN = SAFE_REQUEST_ID.source;

/**
 * The server's own id of a request (Fastify's `request.id`, the logs' `reqId`, the audit
 * trail's `requestId`): always a fresh UUID, never the caller's header, so a caller can
 * neither choose the id that ties audit rows to log lines nor reuse someone else's.
 */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * The caller's X-Request-Id when it looks like an id (so traces join up across services),
 * else null: arbitrary header text never reaches the logs or the audit trail.
 */
export function clientRequestIdOf(request: IncomingMessage): string | null {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : null;
}

/**
 * The id a response carries in `X-Request-Id` and in problem bodies: the caller's own when it
 * sent a well-formed one (the contract echoes it), otherwise the server's.
 */
export function responseRequestIdOf(request: Pick<FastifyRequest, 'id' | 'raw'>): string {
  return clientRequestIdOf(request.raw) ?? request.id;
}
