import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

const noop = () => undefined;

/**
 * A second router holding only the route shapes, so a 404 can tell "no such path" from
 * "path exists, wrong method" (405 with an Allow header), using Fastify's own matcher.
 */
export class RouteIndex {
  private readonly router = FindMyWay({ ignoreTrailingSlash: false });
  private readonly methodsSeen = new Set<string>();

  /** Must run before routes are registered (configureApp runs before Nest's init). */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase() as HTTPMethod);
      for (const method of methods) {
        this.methodsSeen.add(method);
        try {
          this.router.on(method, route.url, noop);
        } catch {
          // Same shape registered twice (e.g. HEAD beside GET); one entry is enough.
        }
      }
    });
  }

  /** Methods that would match this path; empty when the path itself is unknown. */
  allowedMethods(path: string): string[] {
    return [...this.methodsSeen].filter((method) => this.router.find(method as HTTPMethod, path) !== null).sort();
  }
}
