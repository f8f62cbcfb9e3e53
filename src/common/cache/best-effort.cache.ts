import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { errorSummary, LOGGER } from '../logging/logger.js';
import { CACHE, type CachePort } from './cache.port.js';

/** What a caller does when the cache fails: the warning that names what the outage costs, and the way on. */
export interface WhenCacheDown<T> {
  consequence: string;
  fallback: () => T | Promise<T>;
  /** Extra, non-sensitive fields for the warning (policy names, never keys or tokens). */
  context?: Record<string, unknown>;
}

/**
 * The shared cache for work that has a way on without it: rate limits (let the request
 * through), the login lockout's counters (count from the audit trail), token revocation
 * marks (readers fall back to the database). Each caller decides its fallback next to the
 * call; the warning every outage deserves is written here, in one shape, with only the
 * error's message (a Redis error can quote the command, and so a key).
 */
@Injectable()
export class BestEffortCache {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async attempt<T>(operation: (cache: CachePort) => Promise<T>, whenDown: WhenCacheDown<T>): Promise<T> {
    try {
      return await operation(this.cache);
    } catch (error) {
      this.logger.warn({ err: errorSummary(error), ...whenDown.context }, whenDown.consequence);
      return whenDown.fallback();
    }
  }
}
