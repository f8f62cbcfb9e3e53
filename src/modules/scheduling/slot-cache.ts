import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { LOGGER } from '../../common/logging/logger.js';
import type { AppConfig } from '../../config/config.js';

/** Generations outlive every cached entry by far, so a counter that expires cannot alias one. */
const GENERATION_TTL_SECONDS = 30 * 86_400;

/**
 * Short-lived cache of slot responses. Every entry's key carries the doctor's generation,
 * which each change to the doctor's schedule (booking, cancellation, reschedule,
 * availability, time off, types) bumps before the change's response is sent: the next
 * slots request reads the new generation and misses. The generation is read before the
 * database, so an entry computed from older data is stored only under an older generation.
 * A cache that does not answer means no caching, never stale slots.
 */
@Injectable()
export class SlotCache {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // An in-memory cache is private to one process: with PostgreSQL several instances may
    // run, and one could not see another's generation bump, so slots are then not cached.
    // PGlite is one process by construction.
    const shared = cache.kind === 'redis' || config.database.kind === 'pglite';
    this.ttlSeconds = shared ? config.scheduling.slotsCacheSeconds : 0;
  }

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  /** The doctor's current generation, or null when caching is off or the cache is down. */
  async generation(doctorId: string): Promise<string | null> {
    if (!this.enabled) return null;
    try {
      return (await this.cache.get(generationKey(doctorId))) ?? '0';
    } catch {
      return null;
    }
  }

  async read(key: string): Promise<string | null> {
    try {
      return await this.cache.get(key);
    } catch {
      return null;
    }
  }

  async write(key: string, value: string): Promise<void> {
    await this.cache.set(key, value, this.ttlSeconds).catch(() => undefined);
  }

  /** Called after every committed change to the doctor's schedule. */
  async bump(doctorId: string): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.cache.increment(generationKey(doctorId), GENERATION_TTL_SECONDS);
    } catch (error) {
      // Entries live only ttlSeconds, so a missed bump is bounded; say so loudly.
      this.logger.warn({ doctorId, err: { message: (error as Error).message } }, 'slot cache generation not bumped');
    }
  }
}

function generationKey(doctorId: string): string {
  return `slots:gen:${doctorId}`;
}

export function slotsKey(doctorId: string, generation: string, parts: readonly string[]): string {
  return `slots:${doctorId}:${generation}:${parts.join(':')}`;
}
