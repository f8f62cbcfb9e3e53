import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CACHE, type CachePort } from '../../../common/cache/cache.port.js';
import { GenerationalCache, type Generation } from '../../../common/cache/generational-cache.js';
import { hashTag } from '../../../common/cache/hash-tags.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { LOGGER } from '../../../common/logging/logger.js';
import type { AppConfig } from '../../../config/config.js';
import type { SlotsResponseDto } from './dto/slots.outputs.js';

/**
 * Short-lived cache of slot responses, one generation per doctor (see GenerationalCache),
 * which each change to the doctor's schedule (booking, cancellation, reschedule,
 * availability, time off, types) bumps before the change's response is sent: the next
 * slots request reads the new generation and misses. A cache that does not answer means no
 * caching, never stale slots.
 */
@Injectable()
export class SlotCache {
  private readonly ttlSeconds: number;
  private readonly generations: GenerationalCache;

  constructor(@Inject(CACHE) cache: CachePort, @Inject(APP_CONFIG) config: AppConfig, @Inject(LOGGER) logger: Logger) {
    // An in-memory cache is private to one process: with PostgreSQL several instances may
    // run, and one could not see another's generation bump, so slots are then not cached.
    // PGlite is one process by construction.
    const shared = cache.kind === 'redis' || config.database.kind === 'pglite';
    this.ttlSeconds = shared ? config.scheduling.slotsCacheSeconds : 0;
    this.generations = new GenerationalCache(cache, logger, {
      // A request reads the doctor's generation and then an entry under it: one hash tag per
      // doctor keeps both in one slot of a Redis Cluster (and spreads doctors over the slots).
      generationKey: (doctorId) => `slots:${hashTag(doctorId)}:gen`,
      entryKey: (doctorId, generation, key) => `slots:${hashTag(doctorId)}:${generation}:${key}`,
      renewal: 'increment',
      // Entries live only ttlSeconds, so a missed bump is bounded; say so loudly.
      renewalFailed: 'slot cache generation not bumped',
    });
  }

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  /**
   * The doctor's current generation, or null when caching is off or the cache is down. Keyed
   * by the id's lower-case spelling, the one bumps use: an id typed in upper case in the URL
   * names the same doctor and must see the same bumps.
   */
  async generation(doctorId: string): Promise<Generation | null> {
    return this.enabled ? this.generations.generation(doctorId.toLowerCase()) : null;
  }

  /** The response stored for the query `parts` (type, dates, zone, minute) in this generation. */
  read(generation: Generation, parts: readonly string[]): Promise<SlotsResponseDto | null> {
    return this.generations.read<SlotsResponseDto>(generation, parts.join(':'));
  }

  async write(generation: Generation, parts: readonly string[], response: SlotsResponseDto): Promise<void> {
    await this.generations.write(generation, parts.join(':'), response, this.ttlSeconds);
  }

  /** Called after every committed change to the doctor's schedule. */
  async bump(doctorId: string): Promise<void> {
    if (this.enabled) await this.generations.renew(doctorId.toLowerCase(), { doctorId });
  }
}
