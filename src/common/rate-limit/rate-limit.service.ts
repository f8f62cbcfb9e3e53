import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { PrincipalResolver } from '../auth/request-principal.service.js';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { APP_CONFIG } from '../core/tokens.js';
import { LOGGER } from '../logging/logger.js';
import { addressKey, bucketKey, enforceLimits, type Bucket } from './fixed-window.js';
import { LocalWindowCounter } from './local-window.js';
import { limitClassOf, type LimitClass } from './route-class.js';

/** Addresses counted per window on the probe routes; beyond them a new address goes uncounted. */
const PROBE_ADDRESSES_PER_WINDOW = 10_000;

/**
 * Every per-minute request limit, as one Fastify onRequest hook (before the body is parsed, so
 * every request counts, malformed ones included), chosen by the route the router matched (see
 * route-class.ts):
 * - the /api/v1/auth/* routes: RATE_LIMIT_AUTH_PER_MINUTE per client address, whatever token
 *   comes with them;
 * - every other route: RATE_LIMIT_PER_MINUTE per user (by the `sub` of a valid access token)
 *   or, without one, per client address; booking (POST /api/v1/appointments) also counts
 *   against RATE_LIMIT_BOOKING_PER_MINUTE;
 * - /health/* and /metrics: RATE_LIMIT_PROBE_PER_MINUTE (600) per client address, counted in this
 *   instance's memory (local-window.ts), never in the shared cache: load balancers,
 *   orchestrators and Prometheus poll them from a handful of addresses, every few seconds at
 *   most, and a probe must not wait on (or fail with) the cache. The limit is far above any
 *   probe's rate and stops a flood from one address.
 *
 * Counters are in the shared cache, so the limits hold across instances; one
 * `RateLimit-Policy`/`RateLimit` item per policy. While the cache is down requests go through
 * (see enforceLimits): the per-account lockout, which falls back to the database, still guards
 * passwords.
 */
@Injectable()
export class RateLimiter {
  private readonly probes = new LocalWindowCounter(PROBE_ADDRESSES_PER_WINDOW);

  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly principals: PrincipalResolver,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      const kind = limitClassOf(request);
      if (kind === 'probe') {
        const bucket = { policy: 'probe', key: addressKey(request.ip), limit: this.config.rateLimit.probePerMinute };
        return enforceLimits(this.probes, this.logger, request, reply, [bucket], tooManyDetail);
      }
      const buckets = await this.bucketsOf(request, kind);
      return enforceLimits(this.cache, this.logger, request, reply, buckets, tooManyDetail);
    });
  }

  private async bucketsOf(request: FastifyRequest, kind: Exclude<LimitClass, 'probe'>): Promise<Bucket[]> {
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
    return principal ? `user:${principal.userId}` : `ip:${addressKey(request.ip)}`;
  }
}

/** The 429 detail: which limit was hit, and when its window resets. */
function tooManyDetail(bucket: Bucket, resetSeconds: number): string {
  const what = { auth: 'requests to the auth endpoints from your address', booking: 'booking requests', probe: 'health or metrics requests from your address' }[bucket.policy] ?? 'requests';
  return `Too many ${what}; try again in ${resetSeconds} s.`;
}
