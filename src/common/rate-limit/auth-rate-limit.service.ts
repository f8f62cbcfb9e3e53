import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { APP_CONFIG } from '../core/tokens.js';
import { LOGGER } from '../logging/logger.js';
import { addressKey, enforceLimits } from './fixed-window.js';
import { limitClassOf } from './route-class.js';

/**
 * RATE_LIMIT_AUTH_PER_MINUTE requests per client address to the /api/v1/auth/* routes, in
 * whatever spelling the router accepted and whatever token comes with them (see
 * route-class.ts). Runs as a Fastify onRequest hook, before the body is parsed, so every
 * request counts, malformed ones included. While the cache is down it lets requests through: the per-account lockout,
 * which falls back to the database, still guards passwords.
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
      if (limitClassOf(request) !== 'auth') return;
      const bucket = { policy: 'auth', key: `rl:auth:${addressKey(request.ip)}`, limit: this.config.auth.rateLimitPerMinute };
      return enforceLimits(this.cache, this.logger, request, reply, [bucket], (_bucket, seconds) => `Too many requests to the auth endpoints from your address; try again in ${seconds} s.`);
    });
  }
}
