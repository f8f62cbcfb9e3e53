import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { GenerationalCache } from '../../common/cache/generational-cache.js';
import { LOGGER } from '../../common/logging/logger.js';

export const SEARCH_TTL_SECONDS = 30;
export const PROFILE_TTL_SECONDS = 60;
/** The whole directory is one scope: any profile change forgets every search and profile. */
const DIRECTORY = 'doctors';

/**
 * Cache of directory searches and profiles (Redis when configured, so shared by every
 * instance), under one generation that any profile change replaces (see GenerationalCache).
 * The cache is an optimisation: when it fails, reads go to the database.
 */
@Injectable()
export class DirectoryCache {
  private readonly generations: GenerationalCache;

  constructor(@Inject(CACHE) cache: CachePort, @Inject(LOGGER) logger: Logger) {
    this.generations = new GenerationalCache(cache, logger, {
      // No hash tag: one scope holds the whole directory, and a tag would put every search and
      // profile in one slot, on one node of a Redis Cluster. No operation uses two keys at once.
      generationKey: () => 'doctors:gen',
      entryKey: (_scope, generation, key) => `doctors:${generation}:${key}`,
      renewal: 'replace',
      // Entries expire within PROFILE_TTL_SECONDS anyway.
      renewalFailed: 'could not invalidate the doctor directory cache',
    });
  }

  /** The cached value under `key` in the current generation, or `load()` stored for `ttl` seconds (`skipRead`: see GenerationalCache). */
  through<T>(key: string, ttlSeconds: number, load: () => Promise<T>, skipRead = false): Promise<T> {
    return this.generations.through(DIRECTORY, key, ttlSeconds, load, skipRead);
  }

  /** Call after the change has committed. */
  invalidate(): Promise<void> {
    return this.generations.renew(DIRECTORY);
  }
}
