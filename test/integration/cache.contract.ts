import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CachePort } from '../../src/common/cache/cache.port.js';
import { MemoryCache } from '../../src/common/cache/memory.cache.js';
import { createRedisClient } from '../../src/common/cache/redis-client.js';
import { RedisCache } from '../../src/common/cache/redis.cache.js';
import type { RedisConnection } from '../../src/config/redis.js';

/**
 * A cache under test, with a way to let time pass for one key: the in-memory cache reads an
 * injected clock; Redis keeps its own, so the key's remaining time to live is shortened
 * instead (and an expiry is awaited until Redis reports the key gone).
 */
export interface CacheSubject {
  cache: CachePort;
  elapse(key: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

export function memorySubject(): CacheSubject {
  let now = Date.UTC(2027, 2, 1);
  const cache = new MemoryCache(() => now);
  return {
    cache,
    elapse: async (_key, ms) => {
      now += ms;
    },
    close: () => cache.close(),
  };
}

/** The Redis cache over `connection` (one node, Sentinel or Cluster), under a fresh key prefix. */
export async function redisSubject(connection: RedisConnection): Promise<CacheSubject> {
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  const cache = new RedisCache(connection, prefix, pino({ level: 'silent' }));
  await cache.waitUntilReady(5_000);
  // The service's own client settings (no offline queue), so it is used once connected.
  const raw = createRedisClient(connection, prefix);
  if (raw.status !== 'ready') await new Promise((resolve) => raw.once('ready', resolve));
  return {
    cache,
    async elapse(key, ms) {
      const left = await raw.pttl(key);
      if (left < 0) throw new Error(`${key} has no time to live (${left})`);
      if (left > ms) {
        await raw.pexpire(key, left - ms);
        return;
      }
      await raw.pexpire(key, 1);
      await vi.waitFor(async () => expect(await raw.exists(key)).toBe(0), { timeout: 5_000, interval: 5 });
    },
    async close() {
      raw.disconnect();
      await cache.close();
    },
  };
}

/** One suite for every implementation of the cache port and every way of reaching Redis. */
export function describeCacheContract(name: string, make: () => Promise<CacheSubject>): void {
  describe(`the ${name} cache`, () => {
    let subject: CacheSubject;
    let cache: CachePort;
    beforeAll(async () => {
      subject = await make();
      cache = subject.cache;
    });
    afterAll(() => subject?.close());

    it('stores, reads and deletes values, several of one hash tag at once', async () => {
      await cache.set('{t}a', 'one', 60);
      await cache.set('{t}b', 'two', 60);
      expect(await cache.get('{t}a')).toBe('one');
      await cache.delete('{t}a', '{t}b', '{t}missing');
      expect(await cache.get('{t}a')).toBeNull();
      expect(await cache.get('{t}b')).toBeNull();
    });

    it('refuses to delete keys of different hash slots in one operation, as Redis Cluster does', async () => {
      await cache.set('{u}kept', 'x', 60);
      await expect(cache.delete('{u}kept', '{v}other')).rejects.toThrow(/CROSSSLOT/);
      await expect(cache.delete('plain', 'other')).rejects.toThrow(/CROSSSLOT/);
      expect(await cache.get('{u}kept')).toBe('x');
    });

    it('expires values after their time to live, not before', async () => {
      await cache.set('short', 'x', 60);
      expect(await cache.get('short')).toBe('x');
      await subject.elapse('short', 55_000);
      expect(await cache.get('short')).toBe('x');
      await subject.elapse('short', 5_000);
      expect(await cache.get('short')).toBeNull();
    });

    it('counts within a window that starts at the first increment and then resets', async () => {
      const first = await cache.increment('hits', 60);
      expect(first.count).toBe(1);
      expect(first.resetInMs).toBeGreaterThan(55_000);
      expect(first.resetInMs).toBeLessThanOrEqual(60_000);
      await subject.elapse('hits', 30_000);
      const second = await cache.increment('hits', 60);
      expect(second.count).toBe(2);
      // The window does not slide: a later hit does not extend it.
      expect(second.resetInMs).toBeLessThanOrEqual(30_000);
      expect(second.resetInMs).toBeGreaterThan(25_000);
      await subject.elapse('hits', 30_000);
      const next = await cache.increment('hits', 60);
      expect(next.count).toBe(1);
      expect(next.resetInMs).toBeGreaterThan(55_000);
    });

    it('counts concurrent increments exactly', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.increment('race', 10)));
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('answers ping', async () => {
      await expect(cache.ping()).resolves.toBeUndefined();
    });
  });
}
