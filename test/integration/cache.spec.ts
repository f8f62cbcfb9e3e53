import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachePort } from '../../src/common/cache/cache.port.js';
import { MemoryCache } from '../../src/common/cache/memory.cache.js';
import { RedisCache } from '../../src/common/cache/redis.cache.js';
import { realRedisUrl } from '../helpers/lanes.js';

const implementations: [string, () => Promise<CachePort>][] = [['memory', async () => new MemoryCache()]];
const redisUrl = realRedisUrl;
if (redisUrl) {
  implementations.push([
    'redis',
    async () => {
      const cache = new RedisCache(redisUrl, `test:${randomBytes(4).toString('hex')}:`, pino({ level: 'silent' }));
      await cache.waitUntilReady(3_000);
      return cache;
    },
  ]);
}

// One suite for every implementation of the port: the in-memory default must behave like Redis.
describe.each(implementations)('the %s cache', (_name, make) => {
  let cache: CachePort;
  beforeAll(async () => {
    cache = await make();
  });
  afterAll(() => cache.close());

  it('stores, reads and deletes values', async () => {
    await cache.set('a', 'one', 60);
    expect(await cache.get('a')).toBe('one');
    await cache.delete('a', 'missing');
    expect(await cache.get('a')).toBeNull();
  });

  it('expires values after their time to live', async () => {
    await cache.set('short', 'x', 0.2);
    expect(await cache.get('short')).toBe('x');
    await new Promise((r) => setTimeout(r, 350));
    expect(await cache.get('short')).toBeNull();
  });

  it('counts within a window that starts at the first increment and then resets', async () => {
    const first = await cache.increment('hits', 0.4);
    expect(first.count).toBe(1);
    expect(first.resetInMs).toBeGreaterThan(0);
    expect(first.resetInMs).toBeLessThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 150));
    const second = await cache.increment('hits', 0.4);
    expect(second.count).toBe(2);
    // The window does not slide: later hits do not extend it.
    expect(second.resetInMs).toBeLessThan(first.resetInMs);
    await new Promise((r) => setTimeout(r, 350));
    expect((await cache.increment('hits', 0.4)).count).toBe(1);
  });

  it('counts concurrent increments exactly', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.increment('race', 10)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('answers ping', async () => {
    await expect(cache.ping()).resolves.toBeUndefined();
  });
});
