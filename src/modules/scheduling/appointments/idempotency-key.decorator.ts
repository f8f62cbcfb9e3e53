import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { invalidFields } from '../../../common/errors/app-error.js';
import { idempotencyKeySchema } from './dto/appointment.inputs.js';

/** The optional `Idempotency-Key` header, validated (400 when malformed). */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const raw = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  const result = idempotencyKeySchema.safeParse(Array.isArray(raw) ? raw.join(',') : raw);
  if (!result.success) {
    throw invalidFields([{ field: 'Idempotency-Key', message: 'must be 1..255 visible ASCII characters' }]);
  }
  return result.data;
});
