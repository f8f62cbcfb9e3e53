import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { Role } from './policy.js';

/** The signed-in caller, as established by the access guard from a verified access token. */
export interface Principal {
  userId: string;
  role: Role;
  /** The session family the token belongs to. */
  sessionId: string;
  issuedAtMs: number;
  /** The session was opened with a second factor (TOTP or a recovery code). Absent: it was not. */
  mfa?: boolean;
  /** The terms version (TERMS_VERSION) the user had accepted when the token was issued (`tv` claim). */
  termsVersion?: string;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The caller of a route declared with `@Roles`/`@SignedIn` (the guard has verified it). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new AppError('UNAUTHENTICATED');
  return principal;
});
