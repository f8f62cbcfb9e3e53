import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CachePort } from './cache.port.js';
import { errorSummary } from '../logging/logger.js';

/** Generations outlive every cached entry by far, so a generation that expires cannot alias one. */
const GENERATION_TTL_SECONDS = 30 * 86_400;

export interface GenerationalCacheOptions {
  /** The warning logged when a renewal fails. */
  renewalFailed: string;
  /** Where a scope's generation is kept. */
  generationKey(scope: string): string;
  /** Where an entry of a scope is kept in one generation. */
  entryKey(scope: string, generation: string, key: string): string;
  /**
   * How a new generation is made: `increment` a counter, or `replace` it with a random value.
   * Fixed per cache: instances of two releases share the key, and a counter cannot be
   * incremented once it holds a random value.
   */
  renewal: 'increment' | 'replace';
}

/** A scope's generation as read before the data it guards; entries are stored under it. */
export interface Generation {
  scope: string;
  value: string;
}

/**
 * A cache whose entries are invalidated by generation instead of one by one. Every entry's key
 * carries its scope's current generation; a change renews the generation, so the next read on
 * every instance (the port is Redis when configured) misses and goes to the database. Read the
 * generation before the data: a reader that raced a change then stores what it read under the
 * old generation, which no one reads any more. (With read replicas, what a replica that had
 * not yet replayed the change answers can land under the new generation: stale by the
 * replica's lag, for at most the entry's TTL; see ReadRouting.) The cache is an optimisation:
 * a generation that cannot be read means no caching (never a stale answer); a renewal that
 * fails is logged, and entries expire by their own TTL.
 */
export class GenerationalCache {
  constructor(
    private readonly cache: CachePort,
    private readonly logger: Logger,
    private readonly options: GenerationalCacheOptions,
  ) {}

  /** The scope's current generation (`0` before its first renewal); null when the cache does not answer. */
  async generation(scope: string): Promise<Generation | null> {
    try {
      return { scope, value: (await this.cache.get(this.options.generationKey(scope))) ?? '0' };
    } catch {
      return null;
    }
  }

  async read<T>(generation: Generation, key: string): Promise<T | null> {
    const cached = await this.cache.get(this.entryKey(generation, key)).catch(() => null);
    return cached === null ? null : (JSON.parse(cached) as T);
  }

  async write(generation: Generation, key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.cache.set(this.entryKey(generation, key), JSON.stringify(value), ttlSeconds).catch(() => undefined);
  }

  /**
   * The entry under `key` in the scope's current generation, else `load()`, stored for
   * `ttlSeconds` unless null. `skipRead`: load and store without looking, for a reader who must
   * see the primary's latest (see ReadRoute.skipCache); what it stores replaces a staler entry.
   */
  async through<T>(scope: string, key: string, ttlSeconds: number, load: () => Promise<T>, skipRead = false): Promise<T> {
    const generation = await this.generation(scope);
    if (generation && !skipRead) {
      const cached = await this.read<T>(generation, key);
      if (cached !== null) return cached;
    }
    const value = await load();
    if (generation && value !== null && value !== undefined) await this.write(generation, key, value, ttlSeconds);
    return value;
  }

  /** Call after the change has committed: every entry of the scope is then forgotten. */
  async renew(scope: string, logContext: Record<string, unknown> = {}): Promise<void> {
    const key = this.options.generationKey(scope);
    try {
      if (this.options.renewal === 'increment') await this.cache.increment(key, GENERATION_TTL_SECONDS);
      else await this.cache.set(key, randomUUID(), GENERATION_TTL_SECONDS);
    } catch (error) {
      // Entries expire by their TTL, so a missed renewal is bounded; say so rather than fail the write.
      this.logger.warn({ ...logContext, err: errorSummary(error) }, this.options.renewalFailed);
    }
  }

  private entryKey(generation: Generation, key: string): string {
    return this.options.entryKey(generation.scope, generation.value, key);
  }
}
