import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/config.js';
import { bearerToken } from '../../common/auth/request-principal.service.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { secretsEqual } from '../../common/crypto/secret-compare.js';
import { AppError } from '../../common/errors/app-error.js';

/**
 * Who may scrape /metrics (see `metrics` in the configuration). The route is `@Public()` as
 * far as user sessions go: Prometheus has no user account, it sends METRICS_TOKEN as a
 * bearer token. Metrics name routes, volumes and error rates, so production keeps them closed
 * unless a token is set or they are opened on purpose.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.config.metrics;
    if (access.access === 'public') return true;
    // No token could ever match: behave as if there were no such endpoint.
    if (access.access === 'closed') throw new AppError('NOT_FOUND');
    const presented = bearerToken(context.switchToHttp().getRequest<FastifyRequest>().headers.authorization);
    if (presented !== null && secretsEqual(presented, access.token)) return true;
    throw new AppError('UNAUTHENTICATED', {
      detail: 'Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`.',
      headers: { 'www-authenticate': 'Bearer realm="metrics"' },
    });
  }
}
