import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/config.js';
import { PrincipalResolver } from '../auth/request-principal.service.js';
import { BestEffortCache } from '../cache/best-effort.cache.js';
import { APP_CONFIG } from '../core/tokens.js';
import { WINDOW_SECONDS, addressKey, bucketKey, enforceLimits, type Bucket, type WindowCounts } from './fixed-window.js';
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
    private readonly cache: BestEffortCache,
    private readonly principals: PrincipalResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      const kind = limitClassOf(request);
      if (kind === 'probe') {
        const bucket = { policy: 'probe', key: addressKey(request.ip), limit: this.config.rateLimit.probePerMinute };
        return enforceLimits((buckets) => this.countLocally(buckets), request, reply, [bucket], tooManyDetail);
      }
      const buckets = await this.bucketsOf(request, kind);
      return enforceLimits((counted) => this.countShared(counted), request, reply, buckets, tooManyDetail);
    });
  }

  private countShared(buckets: Bucket[]): Promise<WindowCounts> {
    return this.cache.attempt((store) => Promise.all(buckets.map((bucket) => store.increment(bucket.key, WINDOW_SECONDS))), {
      consequence: 'rate limit unavailable (cache error); request allowed',
      context: { policies: buckets.map((b) => b.policy) },
      fallback: () => null,
    });
  }

  /** The probes' counters never touch the cache; the wrapper only logs a window that is full. */
  private countLocally(buckets: Bucket[]): Promise<WindowCounts> {
    return this.cache.attempt(() => Promise.all(buckets.map((bucket) => this.probes.increment(bucket.key, WINDOW_SECONDS))), {
      consequence: 'rate limit unavailable (probe counters full); request allowed',
      context: { policies: buckets.map((b) => b.policy) },
      fallback: () => null,
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
    // The guard will check the session next: started now, its cache reads leave in the same
    // write as this request's rate-limit count (the client pipelines one tick's commands).
    if (principal) void this.principals.authenticated(request).catch(() => undefined);
    return principal ? `user:${principal.userId}` : `ip:${addressKey(request.ip)}`;
  }
}

/** The 429 detail: which limit was hit, and when its window resets. */
function tooManyDetail(bucket: Bucket, resetSeconds: number): string {
  const what = { auth: 'requests to the auth endpoints from your address', booking: 'booking requests', probe: 'health or metrics requests from your address' }[bucket.policy] ?? 'requests';
  return `Too many ${what}; try again in ${resetSeconds} s.`;
}
