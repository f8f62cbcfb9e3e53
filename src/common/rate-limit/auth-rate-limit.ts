import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { APP_CONFIG } from '../core/tokens.js';
import { AppError } from '../errors/app-error.js';
import { sendProblem } from '../errors/problem.filter.js';
import { LOGGER } from '../logging/logger.js';

const AUTH_PREFIX = '/api/v1/auth/';
const WINDOW_SECONDS = 60;
const POLICY_NAME = 'auth';

/**
 * RATE_LIMIT_AUTH_PER_MINUTE requests per client address to /api/v1/auth/*, counted in the
 * shared cache so the limit holds across instances. Runs as a Fastify onRequest hook, before
 * the body is parsed, so every request counts, malformed ones included. Headers follow the
 * IETF draft "RateLimit header fields for HTTP" (RateLimit-Policy / RateLimit).
 */
@Injectable()
export class AuthRateLimiter {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith(AUTH_PREFIX)) return;
      await this.limit(request, reply);
    });
  }

  private async limit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const limit = this.config.auth.rateLimitPerMinute;
    let counter: { count: number; resetInMs: number };
    try {
      counter = await this.cache.increment(`rl:auth:${addressKey(request.ip)}`, WINDOW_SECONDS);
    } catch (error) {
      // Availability over strictness here: the per-account lockout still guards passwords.
      this.logger.warn({ err: { message: (error as Error).message } }, 'auth rate limit unavailable (cache error); request allowed');
      return;
    }
    const resetSeconds = Math.max(1, Math.ceil(counter.resetInMs / 1000));
    const remaining = Math.max(0, limit - counter.count);
    void reply.header('ratelimit-policy', `"${POLICY_NAME}";q=${limit};w=${WINDOW_SECONDS}`);
    void reply.header('ratelimit', `"${POLICY_NAME}";r=${remaining};t=${resetSeconds}`);
    if (counter.count > limit) {
      request.log.warn({ route: AUTH_PREFIX, count: counter.count }, 'auth rate limit exceeded');
      sendProblem(
        request,
        reply,
        new AppError('RATE_LIMITED', {
          detail: `Too many requests to the auth endpoints from your address; try again in ${resetSeconds} s.`,
          headers: { 'retry-after': String(resetSeconds) },
        }),
      );
      return reply;
    }
  }
}

/** Addresses are hashed so the cache holds no raw IPs; IPv6 is grouped by /64 (one host's range). */
export function addressKey(ip: string): string {
  const normalised = ip.includes(':') ? ipv6Prefix64(ip) : ip;
  return createHash('sha256').update(normalised).digest('base64url').slice(0, 22);
}

function ipv6Prefix64(ip: string): string {
  if (ip.startsWith('::ffff:')) return ip.slice(7);
  const [head = '', tail = ''] = ip.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const full = [...headParts, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailParts];
  return full.slice(0, 4).map((part) => part.toLowerCase().replace(/^0+(?=.)/, '')).join(':');
}
