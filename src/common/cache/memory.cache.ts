import type { CachePort } from './cache.port.js';
import { assertOneHashSlot } from './hash-tags.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Single-process stand-in for Redis: same semantics, expiry checked on read and swept. */
export class MemoryCache implements CachePort {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async delete(...keys: string[]): Promise<void> {
    // As Redis Cluster would: a multi-key operation across slots is a bug to find here first.
    assertOneHashSlot('delete', keys);
    for (const key of keys) this.entries.delete(key);
  }

  async increment(key: string, windowSeconds: number): Promise<{ count: number; resetInMs: number }> {
    const current = this.live(key);
    const entry = current ?? { value: '0', expiresAt: this.now() + windowSeconds * 1000 };
    entry.value = String(Number(entry.value) + 1);
    this.entries.set(key, entry);
    return { count: Number(entry.value), resetInMs: entry.expiresAt - this.now() };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
