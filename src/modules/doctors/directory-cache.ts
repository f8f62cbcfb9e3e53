import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { LOGGER } from '../../common/logging/logger.js';

const GENERATION_KEY = 'doctors:gen';
/** Long enough never to lapse in practice; if it does, entries of the old generation expired long ago. */
const GENERATION_TTL_SECONDS = 30 * 86_400;
export const SEARCH_TTL_SECONDS = 30;
export const PROFILE_TTL_SECONDS = 60;

/**
 * Cache of directory searches and profiles (Redis when configured, so shared by every
 * instance). Every key embeds the current generation; any profile change writes a new
 * generation, so every instance's next read misses and goes to the database. A reader that
 * raced the change read the old generation and can only fill a key no one reads any more.
 * The cache is an optimisation: when it fails, reads go to the database.
 */
@Injectable()
export class DirectoryCache {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The cached value under `key` in the current generation, or `load()` stored for `ttl` seconds. */
  async through<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const generation = await this.cache.get(GENERATION_KEY).catch(() => null);
    const fullKey = `doctors:${generation ?? '0'}:${key}`;
    const cached = await this.cache.get(fullKey).catch(() => null);
    if (cached !== null) return JSON.parse(cached) as T;
    const value = await load();
    if (value !== null && value !== undefined) {
      await this.cache.set(fullKey, JSON.stringify(value), ttlSeconds).catch(() => undefined);
    }
    return value;
  }

  /** Call after the change has committed. */
  async invalidate(): Promise<void> {
    try {
      await this.cache.set(GENERATION_KEY, randomUUID(), GENERATION_TTL_SECONDS);
    } catch (error) {
      // Entries expire within PROFILE_TTL_SECONDS anyway; say so rather than fail the write.
      this.logger.warn({ err: { message: (error as Error).message } }, 'could not invalidate the doctor directory cache');
    }
  }
}
