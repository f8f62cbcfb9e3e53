import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { userRole } from '../../db/schema/users.js';

/** The roles of the database's `user_role` enum. */
export const ROLES = userRole.enumValues;
export type Role = (typeof ROLES)[number];

/** Who may call a route. Every route declares one; the access guard refuses routes that do not. */
export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

export const ACCESS_POLICY = 'ihosi:access-policy';

/** Anyone may call this route, signed in or not. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/**
 * Only signed-in users with one of these roles may call this route. The OpenAPI document says
 * so too (a bearer token), from this one declaration, so the two cannot disagree. On a
 * controller it covers every route of it; repeated on a method, the document lists the
 * requirement twice, so say it once.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy), ApiBearerAuth());

/** Doctors and admins (webhook subscriptions). */
export const Staff = (): MethodDecorator & ClassDecorator => Roles(...(ROLES.filter((role) => role !== 'patient') as [Role, ...Role[]]));
/**
 * Roles that must sign in with a second factor (TOTP). A session of such a role opened
 * without one may call only the routes marked `@ForSecondFactorEnrolment()`; the access guard
 * refuses everything else with 403 `MFA_REQUIRED`.
 */
export const SECOND_FACTOR_REQUIRED_ROLES: readonly Role[] = ['admin'];

export const SECOND_FACTOR_ENROLMENT = 'ihosi:second-factor-enrolment';

/** Open to a session that still lacks the second factor its role requires: the enrolment routes. */
export const ForSecondFactorEnrolment = (): MethodDecorator => SetMetadata(SECOND_FACTOR_ENROLMENT, true);

/** Whether a session may act: true unless its role requires a second factor it was not opened with. */
export function hasRequiredFactors(principal: { role: Role; mfa?: boolean }): boolean {
  return principal.mfa === true || !SECOND_FACTOR_REQUIRED_ROLES.includes(principal.role);
}

export const BEFORE_TERMS_ACCEPTED = 'ihosi:before-terms-accepted';

/** Any signed-in user. */
export const SignedIn = (): MethodDecorator & ClassDecorator => Roles(...ROLES);

/**
 * Any signed-in user, also one who has not yet accepted the terms in force (TERMS_VERSION):
 * reading and accepting them, the session routes, second-factor enrolment, leaving and taking
 * one's data. Every other signed-in route answers 403 `TERMS_NOT_ACCEPTED` until the user accepts.
 */
export const SignedInBeforeTermsAccepted = (): MethodDecorator & ClassDecorator => applyDecorators(SignedIn(), SetMetadata(BEFORE_TERMS_ACCEPTED, true));

/**
 * Routes served by Fastify plugins rather than Nest controllers, so no decorator can reach
 * them: the Swagger UI and the OpenAPI document. Deliberately public; the route-policy test
 * accepts exactly these prefixes and nothing else outside Nest.
 */
export const PUBLIC_NON_NEST_ROUTE_PREFIXES = ['/docs'] as const;
