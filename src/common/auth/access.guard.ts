import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { AppError, roleForbidden } from '../errors/app-error.js';
import { clientContextOf } from '../http/client-context.js';
import { LOGGER } from '../logging/logger.js';
import { ACCESS_POLICY, BEFORE_TERMS_ACCEPTED, hasRequiredFactors, SECOND_FACTOR_ENROLMENT, type AccessPolicy } from './policy.js';
import type { AuthenticatedRequest, Principal } from './principal.js';
import { PrincipalResolver } from './request-principal.service.js';
import { TermsAcceptance } from './terms-acceptance.service.js';

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
    private readonly terms: TermsAcceptance,
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
      // A session still owing its role's second factor, or the terms in force, is no one's:
      // public routes treat it as anonymous.
      request.principal = viewer && hasRequiredFactors(viewer) && (await this.terms.satisfiedBy(viewer)) ? viewer : undefined;
      return true;
    }

    const principal = await this.principals.authenticated(request);
    if (!principal) {
      throw new AppError('UNAUTHENTICATED', { detail: 'Send an access token as `Authorization: Bearer <token>`.', headers: { 'www-authenticate': 'Bearer' } });
    }
    if (!policy.roles.includes(principal.role)) {
      // Awaited, like every audit write: a denial that cannot be recorded fails (500) rather
      // than going unrecorded; it is refused either way.
      await this.recordDenial(principal, request, { reason: 'role_not_allowed', allowedRoles: policy.roles.join(',') });
      throw roleForbidden();
    }
    if (!hasRequiredFactors(principal) && !this.reflector.get<boolean | undefined>(SECOND_FACTOR_ENROLMENT, context.getHandler())) {
      await this.recordDenial(principal, request, { reason: 'second_factor_required' });
      throw new AppError('MFA_REQUIRED', { detail: 'Your role must sign in with a second factor: enrol at POST /api/v1/auth/mfa/totp, confirm it, then sign in again.' });
    }
    if (!this.reflector.getAllAndOverride<boolean | undefined>(BEFORE_TERMS_ACCEPTED, [context.getHandler(), context.getClass()]) && !(await this.terms.satisfiedBy(principal))) {
      await this.recordDenial(principal, request, { reason: 'terms_not_accepted' });
      throw new AppError('TERMS_NOT_ACCEPTED', {
        detail: `Accept the terms of use and privacy notice in force (version ${this.terms.current ?? ''}) at POST /api/v1/me/consents; requests made after that are answered.`,
      });
    }
    request.principal = principal;
    return true;
  }

  private recordDenial(principal: Principal, request: AuthenticatedRequest, details: Record<string, string>): Promise<void> {
    return this.audit.recordBy(principal, clientContextOf(request), {
      action: 'access.denied',
      outcome: 'denied',
      resource: { type: 'route', id: `${request.method} ${request.routeOptions.url ?? request.url}` },
      details,
    });
  }
}
