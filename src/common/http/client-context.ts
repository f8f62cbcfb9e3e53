import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { clientRequestIdOf } from './request-id.js';

/** Where a request came from, for the audit trail and per-address limits. */
export interface ClientContext {
  /** The client address; X-Forwarded-For counts only as far as TRUST_PROXY allows. */
  ip: string;
  /** The server's own id of the request, never the caller's. */
  requestId: string;
  /** The caller's X-Request-Id when it sent a well-formed one; kept apart from ours. */
  clientRequestId: string | null;
}

export function clientContextOf(request: FastifyRequest): ClientContext {
  return { ip: request.ip, requestId: String(request.id), clientRequestId: clientRequestIdOf(request.raw) };
}

export const Client = createParamDecorator((_data: unknown, context: ExecutionContext): ClientContext =>
  clientContextOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
