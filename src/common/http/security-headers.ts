import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's headers on every response, from one middleware built at start-up. (The Fastify
 * plugin rebuilt the middleware, and re-parsed the CSP directives, for every request: the
 * per-request profile in docs/BENCHMARKS.md showed it.)
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const secure = helmet({
    // Swagger UI at /docs loads its own scripts and inline styles; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    secure(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
