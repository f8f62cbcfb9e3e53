import type { FastifyInstance } from 'fastify';
import type { ReadRouting } from '../../db/read-routing.js';
import type { AuthenticatedRequest } from '../auth/principal.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Marks a signed-in caller's successful write (any other method answered below 400) before its
 * response goes out, so that their next public reads run on the primary and show it
 * (`ReadRouting`). A refused write changed nothing and marks nothing; without replicas
 * `wrote` does nothing.
 */
export function rememberWrites(fastify: FastifyInstance, routing: ReadRouting): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const principal = (request as AuthenticatedRequest).principal;
    if (principal && !READS.has(request.method) && reply.statusCode < 400) await routing.wrote(principal.userId);
    return payload;
  });
}
