import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { PrincipalResolver } from '../auth/request-principal.service.js';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { APP_CONFIG } from '../core/tokens.js';
import { LOGGER } from '../logging/logger.js';
import { addressKey, enforceLimits, type Bucket } from './fixed-window.js';
import { limitClassOf } from './route-class.js';

/**
 * RATE_LIMIT_PER_MINUTE requests per user (by the `sub` of a valid access token) or, without
 * one, per client address; booking (POST /api/v1/appointments) also counts against
 * RATE_LIMIT_BOOKING_PER_MINUTE. Counters are in the shared cache, so the limits hold across
 * instances. Same headers as the auth limit: one `RateLimit-Policy`/`RateLimit` item per policy.
 *
 * Left alone (by matched route, see route-class.ts): the /api/v1/auth/* routes, which have
 * their own per-address limit, and /health/* and /metrics, which load balancers,
 * orchestrators and Prometheus poll from a handful of addresses far more often than users
 * call; limiting them would turn a busy probe into a failed instance. They do no per-user work.
 */
@Injectable()
export class GlobalRateLimiter {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly principals: PrincipalResolver,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      const kind = limitClassOf(request);
      if (kind === 'auth' || kind === 'exempt') return;
      return this.limit(request, reply, kind === 'booking');
    });
  }

  private async limit(request: FastifyRequest, reply: FastifyReply, booking: boolean): Promise<FastifyReply | undefined> {
    const who = await this.caller(request);
    const buckets: Bucket[] = [{ policy: 'global', key: `rl:global:${who}`, limit: this.config.rateLimit.perMinute }];
    if (booking) {
      buckets.push({ policy: 'booking', key: `rl:booking:${who}`, limit: this.config.rateLimit.bookingPerMinute });
    }
    return enforceLimits(this.cache, this.logger, request, reply, buckets, (bucket, seconds) =>
      `Too many ${bucket.policy === 'booking' ? 'booking requests' : 'requests'}; try again in ${seconds} s.`,
    );
  }

  /**
   * `user:<id>` for a valid access token (signature and expiry only; cheap), else the address.
   * The token is verified once per request: the access guard reuses this verification.
   */
  private async caller(request: FastifyRequest): Promise<string> {
    const principal = await this.principals.verified(request).catch(() => null);
    return principal ? `user:${principal.userId}` : `ip:${addressKey(request.ip)}`;
  }
}
