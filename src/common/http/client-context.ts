import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit trail and per-address limits. */
export interface ClientContext {
  /** The client address; X-Forwarded-For counts only as far as TRUST_PROXY allows. */
  ip: string;
  requestId: string;
}

export function clientContextOf(request: FastifyRequest): ClientContext {
  return { ip: request.ip, requestId: String(request.id) };
}

export const Client = createParamDecorator((_data: unknown, context: ExecutionContext): ClientContext =>
  clientContextOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
