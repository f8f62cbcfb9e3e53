import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/config.js';
import { PrincipalResolver } from '../auth/request-principal.service.js';
import { BestEffortCache } from '../cache/best-effort.cache.js';
import { APP_CONFIG } from '../core/tokens.js';
import { addressKey, bucketKey, enforceLimits, type Bucket } from './fixed-window.js';
import { limitClassOf, type LimitClass } from './route-class.js';

/**
 * Every per-minute request limit, as one Fastify onRequest hook (before the body is parsed, so
 * every request counts, malformed ones included), chosen by the route the router matched (see
 * route-class.ts):
 * - the /api/v1/auth/* routes: RATE_LIMIT_AUTH_PER_MINUTE per client address, whatever token
 *   comes with them;
 * - every other route: RATE_LIMIT_PER_MINUTE per user (by the `sub` of a valid access token)
 *   or, without one, per client address; booking (POST /api/v1/appointments) also counts
 *   against RATE_LIMIT_BOOKING_PER_MINUTE;
 * - none for /health/* and /metrics, which load balancers, orchestrators and Prometheus poll
 *   from a handful of addresses far more often than users call; limiting them would turn a
 *   busy probe into a failed instance. They do no per-user work.
 *
 * Counters are in the shared cache, so the limits hold across instances; one
 * `RateLimit-Policy`/`RateLimit` item per policy. While the cache is down requests go through
 * (see enforceLimits): the per-account lockout, which falls back to the database, still guards
 * passwords.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly cache: BestEffortCache,
    private readonly principals: PrincipalResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      const kind = limitClassOf(request);
      if (kind === 'exempt') return;
      const buckets = await this.bucketsOf(request, kind);
      return enforceLimits(this.cache, request, reply, buckets, tooManyDetail);
    });
  }

  private async bucketsOf(request: FastifyRequest, kind: Exclude<LimitClass, 'exempt'>): Promise<Bucket[]> {
    if (kind === 'auth') return [{ policy: 'auth', key: bucketKey(`ip:${addressKey(request.ip)}`, 'auth'), limit: this.config.auth.rateLimitPerMinute }];
    const who = await this.caller(request);
    const buckets: Bucket[] = [{ policy: 'global', key: bucketKey(who, 'global'), limit: this.config.rateLimit.perMinute }];
    if (kind === 'booking') buckets.push({ policy: 'booking', key: bucketKey(who, 'booking'), limit: this.config.rateLimit.bookingPerMinute });
    return buckets;
  }

  /**
   * `user:<id>` for a valid access token (signature and expiry only; cheap), else the address.
   * The token is verified once per request: the access guard reuses this verification.
   */
  private async caller(request: FastifyRequest): Promise<string> {
    const principal = await this.principals.verified(request).catch(() => null);
    // The guard will check the session next: started now, its cache reads leave in the same
    // write as this request's rate-limit count (the client pipelines one tick's commands).
    if (principal) void this.principals.authenticated(request).catch(() => undefined);
    return principal ? `user:${principal.userId}` : `ip:${addressKey(request.ip)}`;
  }
}

/** The 429 detail: which limit was hit, and when its window resets. */
function tooManyDetail(bucket: Bucket, resetSeconds: number): string {
  const what = bucket.policy === 'auth' ? 'requests to the auth endpoints from your address' : bucket.policy === 'booking' ? 'booking requests' : 'requests';
  return `Too many ${what}; try again in ${resetSeconds} s.`;
}
