import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../../auth/principal.js';
import { cacheDecisionFor } from './cache-policy.js';
import { ifNoneMatchMatches, strongEntityTag } from './entity-tags.js';

/**
 * HTTP caching for every response, in one `onSend` hook: `Cache-Control` from the route's
 * entry in `CACHEABLE_READS` (else `private, no-store`), and for anonymous public reads a
 * strong `ETag` of the exact body and `304 Not Modified` on a matching `If-None-Match`. The
 * body is hashed after the handler and the server-side caches have produced it, so the tag
 * changes exactly when what the caller would receive changes. Runs for HEAD too (Fastify
 * answers HEAD with the GET handler and drops the body afterwards), with the same tag.
 */
export function registerHttpCaching(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request: AuthenticatedRequest, reply, payload) => {
    const decision = cacheDecisionFor({
      method: request.method,
      routeTemplate: request.routeOptions.url,
      statusCode: reply.statusCode,
      signedIn: request.headers.authorization !== undefined || request.principal !== undefined,
    });
    void reply.header('cache-control', decision.cacheControl);
    if (!decision.validated) {
      // A handler's own validator must not survive on a response no one may keep.
      void reply.removeHeader('etag');
      return payload;
    }
    addVary(reply, decision.vary);
    // JSON bodies arrive serialized; a stream (none of the cacheable reads) is left untagged.
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const tag = strongEntityTag(payload);
    void reply.header('etag', tag);
    if (!ifNoneMatchMatches(request.headers['if-none-match'], tag)) return payload;
    void reply.code(304);
    void reply.removeHeader('content-type');
    // GET: no body at all. HEAD: Fastify's own HEAD handler runs after this hook, measures
    // the body for Content-Length (the 200's length, which RFC 9110 §15.4.5 allows) and drops it.
    return request.method === 'HEAD' ? payload : null;
  });
}

/** Adds a field name to `Vary` without dropping what others (CORS: `Origin`) put there. */
function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const names = String(current ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.includes('*') || names.some((name) => name.toLowerCase() === field.toLowerCase())) return;
  void reply.header('vary', [...names, field].join(', '));
}
