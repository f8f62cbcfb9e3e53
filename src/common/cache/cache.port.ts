/**
 * The cache and counter store. Redis when configured (one node, Sentinel or Cluster; shared by
 * every instance), otherwise an in-memory implementation for single-instance embedded runs.
 * Both pass the same suite. Keys that one operation uses together share a hash tag `{…}`
 * (hash-tags.ts), so that they live in one slot of a Redis Cluster.
 */
export interface CachePort {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /**
   * Deletes in one command, so the keys must share a hash tag (see hash-tags.ts); keys in
   * different slots are refused by every implementation, as Redis Cluster refuses them.
   */
  delete(...keys: string[]): Promise<void>;
  /**
   * Adds one to a counter that lives `windowSeconds` from its first increment, atomically.
   * Returns the new count and the milliseconds until the window ends (for Retry-After).
   */
  increment(key: string, windowSeconds: number): Promise<{ count: number; resetInMs: number }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const CACHE = Symbol('CACHE');
