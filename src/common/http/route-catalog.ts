import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route registered on the Fastify instance, by Nest or by plugins (Swagger UI). Lets
 * the route-policy test prove that nothing is reachable without an access declaration.
 */
export class RouteCatalog {
  readonly routes: RegisteredRoute[] = [];

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) this.routes.push({ method: String(method), url: route.url });
    });
  }

  /** Every HTTP method some route answers to, upper case, sorted. */
  methods(): string[] {
    return [...new Set(this.routes.map((route) => route.method.toUpperCase()))].sort();
  }
}
