import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../errors/app-error.js';
import { clientContextOf } from '../http/client-context.js';
import { LOGGER } from '../logging/logger.js';
import { AccessTokens, invalidToken } from './access-tokens.js';
import { ACCESS_POLICY, type AccessPolicy } from './policy.js';
import type { AuthenticatedRequest, Principal } from './principal.js';
import { TokenValidity } from './token-validity.js';

/**
 * The one place access is decided, for every Nest route (registered as APP_GUARD). Deny by
 * default: a route that declares neither `@Public()` nor `@Roles(...)` is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly validity: TokenValidity,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();

    if (!policy) {
      this.logger.error({ route: request.routeOptions.url, handler: `${context.getClass().name}.${context.getHandler().name}` }, 'route declares no access policy; refused');
      throw new AppError('FORBIDDEN', { detail: 'This route is not open to anyone.' });
    }

    const bearer = bearerToken(request.headers.authorization);
    if (policy.kind === 'public') {
      // Optional sign-in: a valid token tells public routes who is asking; a bad one is ignored.
      if (bearer) request.principal = await this.authenticate(bearer).catch(() => undefined);
      return true;
    }

    if (!bearer) {
      throw new AppError('UNAUTHENTICATED', { detail: 'Send an access token as `Authorization: Bearer <token>`.', headers: { 'www-authenticate': 'Bearer' } });
    }
    const principal = await this.authenticate(bearer);
    if (!policy.roles.includes(principal.role)) {
      // Awaited, like every audit write: a denial that cannot be recorded fails (500) rather
      // than going unrecorded; it is refused either way.
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        actor: { id: principal.userId, role: principal.role },
        resource: { type: 'route', id: `${request.method} ${request.routeOptions.url ?? request.url}` },
        client: clientContextOf(request),
        details: { reason: 'role_not_allowed', allowedRoles: policy.roles.join(',') },
      });
      throw new AppError('FORBIDDEN', { detail: 'Your role may not use this endpoint.' });
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(token: string): Promise<Principal> {
    const principal = await this.tokens.verify(token);
    if (!(await this.validity.accepts(principal.userId, principal.sessionId, principal.issuedAtMs))) {
      throw invalidToken('The session has ended; sign in again.');
    }
    return principal;
  }
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 token68), else null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i.exec(header);
  return match?.[1] ?? null;
}
