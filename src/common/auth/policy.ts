import { SetMetadata } from '@nestjs/common';
import { userRole } from '../../db/schema/users.js';

/** The roles of the database's `user_role` enum. */
export const ROLES = userRole.enumValues;
export type Role = (typeof ROLES)[number];

/** Who may call a route. Every route declares one; the access guard refuses routes that do not. */
export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

export const ACCESS_POLICY = 'ihosi:access-policy';

/** Anyone may call this route, signed in or not. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** Only signed-in users with one of these roles may call this route. */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy);

/** Any signed-in user. */
export const SignedIn = (): MethodDecorator & ClassDecorator => Roles(...ROLES);

/**
 * Routes served by Fastify plugins rather than Nest controllers, so no decorator can reach
 * them: the Swagger UI and the OpenAPI document. Deliberately public; the route-policy test
 * accepts exactly these prefixes and nothing else outside Nest.
 */
export const PUBLIC_NON_NEST_ROUTE_PREFIXES = ['/docs'] as const;
