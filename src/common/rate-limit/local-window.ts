import type { CachePort } from '../cache/cache.port.js';

/**
 * Fixed-window counters in this process's memory, for the one limit that must not depend on
 * the shared cache: the probes' (route-class.ts). A liveness probe that waited on Redis would
 * turn a slow cache into restarted instances. Every counter starts anew when the window ends.
 * At most `maxKeys` callers are counted per window; a new one beyond them is let through
 * uncounted (the increment fails, as when the shared cache is down), so a flood from many
 * addresses cannot grow the map without bound.
 */
export class LocalWindowCounter implements Pick<CachePort, 'increment'> {
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowMs = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  increment(key: string, windowSeconds: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.now();
    this.windowMs = windowSeconds * 1000;
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.counts.clear();
    }
    const known = this.counts.get(key);
    if (known === undefined && this.counts.size >= this.maxKeys) return Promise.reject(new Error('probe counters are full for this window'));
    const count = (known ?? 0) + 1;
    this.counts.set(key, count);
    return Promise.resolve({ count, resetInMs: this.windowStart + this.windowMs - now });
  }
}
