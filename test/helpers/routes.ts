import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_POLICY, PUBLIC_NON_NEST_ROUTE_PREFIXES, type AccessPolicy } from '../../src/common/auth/policy.js';
import { RouteCatalog } from '../../src/common/http/route-catalog.js';
import type { TestApp } from './test-app.js';

export interface NestRoute {
  method: string;
  url: string;
  handler: string;
  policy: AccessPolicy | undefined;
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** Every controller method Nest mapped to a route, with the access policy it declares (if any). */
export function nestRoutes(t: TestApp): NestRoute[] {
  const routes: NestRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, controller)) as AccessPolicy | undefined;
        for (const prefix of prefixes) {
          for (const path of [paths].flat()) routes.push({ method, url: joinPath(prefix, path), handler: `${controller.name}.${name}`, policy });
        }
      }
    }
  }
  return routes;
}

/**
 * Routes reachable over HTTP that no declaration covers: Nest routes without @Public/@Roles,
 * and Fastify routes that are neither Nest's nor deliberately public plugin routes.
 */
export function undeclaredRoutes(t: TestApp): string[] {
  const nest = nestRoutes(t);
  const problems = nest.filter((r) => !r.policy).map((r) => `${r.method} ${r.url} (${r.handler}) declares no access policy`);
  const known = new Set(nest.map((r) => `${r.method} ${r.url}`));
  for (const route of t.app.get(RouteCatalog).routes) {
    const key = `${route.method} ${route.url}`;
    const headOfGet = route.method === 'HEAD' && known.has(`GET ${route.url}`);
    const plugin = PUBLIC_NON_NEST_ROUTE_PREFIXES.some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`) || route.url.startsWith(`${prefix}-`));
    if (!known.has(key) && !headOfGet && !plugin) problems.push(`${key} is served outside Nest and is not a known public plugin route`);
  }
  return problems;
}
