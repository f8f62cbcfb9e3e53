import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachePort } from '../../src/common/cache/cache.port.js';
import { GenerationalCache, type GenerationalCacheOptions } from '../../src/common/cache/generational-cache.js';
import { MemoryCache } from '../../src/common/cache/memory.cache.js';
import { RedisCache } from '../../src/common/cache/redis.cache.js';
import { realRedisUrl } from '../helpers/lanes.js';

const silent = pino({ level: 'silent' });
const implementations: [string, () => Promise<CachePort>][] = [['memory', async () => new MemoryCache()]];
if (realRedisUrl) {
  const url = realRedisUrl;
  implementations.push([
    'redis',
    async () => {
      const cache = new RedisCache({ mode: 'single', url }, `test:${randomBytes(4).toString('hex')}:`, silent);
      await cache.waitUntilReady(3_000);
      return cache;
    },
  ]);
}

const options = (renewal: GenerationalCacheOptions['renewal']): GenerationalCacheOptions => ({
  generationKey: (scope) => `gen:${scope}`,
  entryKey: (scope, generation, key) => `entry:${scope}:${generation}:${key}`,
  renewal,
  renewalFailed: 'test cache generation not renewed',
});

/** A loader that counts its calls and answers the next value of a sequence. */
function counter() {
  const loader = async () => ({ version: ++loader.calls });
  loader.calls = 0;
  return loader;
}

describe.each(implementations)('a generational cache on the %s port', (_name, make) => {
  let port: CachePort;
  beforeAll(async () => {
    port = await make();
  });
  afterAll(() => port.close());

  describe.each(['increment', 'replace'] as const)('renewed by %s', (renewal) => {
    const scope = () => `s-${renewal}-${randomBytes(4).toString('hex')}`;

    it('serves a stored entry until its scope is renewed, and only that scope', async () => {
      const cache = new GenerationalCache(port, silent, options(renewal));
      const [a, b] = [scope(), scope()];
      const load = counter();
      expect(await cache.through(a, 'k', 60, load)).toEqual({ version: 1 });
      expect(await cache.through(a, 'k', 60, load)).toEqual({ version: 1 });
      expect(await cache.through(b, 'k', 60, load)).toEqual({ version: 2 });
      expect(load.calls).toBe(2);

      await cache.renew(a);
      expect(await cache.through(a, 'k', 60, load)).toEqual({ version: 3 });
      expect(await cache.through(b, 'k', 60, load)).toEqual({ version: 2 });
      expect(load.calls).toBe(3);
    });

    it('keeps entries under the keys its options name, the generation `0` until the first renewal', async () => {
      const cache = new GenerationalCache(port, silent, options(renewal));
      const s = scope();
      await cache.through(s, 'k', 60, async () => 'first');
      expect(await port.get(`entry:${s}:0:k`)).toBe('"first"');
      await cache.renew(s);
      const generation = await port.get(`gen:${s}`);
      expect(generation).toMatch(renewal === 'increment' ? /^1$/ : /^[0-9a-f-]{36}$/);
      await cache.through(s, 'k', 60, async () => 'second');
      expect(await port.get(`entry:${s}:${generation}:k`)).toBe('"second"');
    });

    it('files what a reader that raced a renewal loaded under the old generation, where no one reads', async () => {
      const cache = new GenerationalCache(port, silent, options(renewal));
      const s = scope();
      const before = await cache.generation(s);
      await cache.renew(s);
      await cache.write(before!, 'k', 'stale', 60);
      expect(await cache.through(s, 'k', 60, async () => 'fresh')).toBe('fresh');
      expect(await cache.through(s, 'k', 60, async () => 'unused')).toBe('fresh');
    });

    it('does not store null', async () => {
      const cache = new GenerationalCache(port, silent, options(renewal));
      const s = scope();
      expect(await cache.through(s, 'k', 60, async () => null)).toBeNull();
      expect(await cache.through(s, 'k', 60, async () => 'loaded')).toBe('loaded');
    });
  });
});

describe('a generational cache whose port does not answer', () => {
  const lines: { msg?: string; level?: number }[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as { msg?: string });
        done();
      },
    }),
  );
  // Nothing listens on port 1: every command fails at once (no offline queue).
  let port: RedisCache;
  beforeAll(() => {
    port = new RedisCache({ mode: 'single', url: 'redis://127.0.0.1:1' }, 'down:', silent);
  });
  afterAll(() => port.close());

  it('loads every time, stores nothing and logs a renewal it could not make', async () => {
    const cache = new GenerationalCache(port, logger, options('replace'));
    const load = counter();
    expect(await cache.generation('s')).toBeNull();
    expect(await cache.through('s', 'k', 60, load)).toEqual({ version: 1 });
    expect(await cache.through('s', 'k', 60, load)).toEqual({ version: 2 });
    await cache.renew('s', { doctorId: 'd' });
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'test cache generation not renewed', doctorId: 'd' }));
  });
});
