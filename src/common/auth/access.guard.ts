import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { AppError, roleForbidden } from '../errors/app-error.js';
import { clientContextOf } from '../http/client-context.js';
import { LOGGER } from '../logging/logger.js';
import { ACCESS_POLICY, hasRequiredFactors, SECOND_FACTOR_ENROLMENT, type AccessPolicy } from './policy.js';
import type { AuthenticatedRequest } from './principal.js';
import { PrincipalResolver } from './request-principal.service.js';

/**
 * The one place access is decided, for every Nest route (registered as APP_GUARD). Deny by
 * default: a route that declares neither `@Public()` nor `@Roles(...)` is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
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

    if (policy.kind === 'public') {
      // Optional sign-in: a valid token tells public routes who is asking; a bad one is ignored.
      const viewer = await this.principals.authenticated(request).catch(() => null);
      // A session still owing its role's second factor is no one's: public routes treat it as anonymous.
      request.principal = viewer && hasRequiredFactors(viewer) ? viewer : undefined;
      return true;
    }

    const principal = await this.principals.authenticated(request);
    if (!principal) {
      throw new AppError('UNAUTHENTICATED', { detail: 'Send an access token as `Authorization: Bearer <token>`.', headers: { 'www-authenticate': 'Bearer' } });
    }
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
      throw roleForbidden();
    }
    if (!hasRequiredFactors(principal) && !this.reflector.get<boolean | undefined>(SECOND_FACTOR_ENROLMENT, context.getHandler())) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        actor: { id: principal.userId, role: principal.role },
        resource: { type: 'route', id: `${request.method} ${request.routeOptions.url ?? request.url}` },
        client: clientContextOf(request),
        details: { reason: 'second_factor_required' },
      });
      throw new AppError('MFA_REQUIRED', { detail: 'Your role must sign in with a second factor: enrol at POST /api/v1/auth/mfa/totp, confirm it, then sign in again.' });
    }
    request.principal = principal;
    return true;
  }
}
