import { describe, expect, it } from 'vitest';
import type { CachePort } from '../../../src/common/cache/cache.port.js';
import { MemoryCache } from '../../../src/common/cache/memory.cache.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../../src/config/config.js';
import type { Database, Db } from '../../../src/db/database.js';
import { ReadRouting } from '../../../src/db/read-routing.js';

const primary = { name: 'primary' } as unknown as Db;
const replica = { name: 'replica' } as unknown as Db;

function routing(options: { replicated: boolean; windowSeconds?: number; cache?: CachePort }) {
  const database = { kind: 'postgres', db: primary, reader: options.replicated ? replica : primary } as unknown as Database;
  const config = loadConfig({
    DATA_DIR: MEMORY_DATA_DIR,
    DATABASE_URL: 'postgres://primary/x',
    ...(options.replicated ? { DATABASE_REPLICA_URLS: 'postgres://replica/x' } : {}),
    REPLICA_READ_AFTER_WRITE_SECONDS: String(options.windowSeconds ?? 5),
  });
  const cache = options.cache ?? new MemoryCache();
  return { reads: new ReadRouting(database, cache, config), cache };
}

/** A cache that fails every call, as Redis does while it is down. */
const brokenCache = new Proxy({} as CachePort, {
  get: (_target, property) => (property === 'kind' ? 'redis' : () => Promise.reject(new Error('cache down'))),
});

describe('ReadRouting (where a public read runs)', () => {
  it('sends anonymous readers and signed-in readers who wrote nothing to the replica', async () => {
    const { reads } = routing({ replicated: true });
    expect(await reads.publicRead(undefined)).toEqual({ db: replica, skipCache: false });
    expect(await reads.publicRead('user-1')).toEqual({ db: replica, skipCache: false });
  });

  it('sends a user who has just written to the primary, past the caches, and nobody else', async () => {
    const { reads } = routing({ replicated: true });
    await reads.wrote('user-1');
    expect(await reads.publicRead('user-1')).toEqual({ db: primary, skipCache: true });
    expect(await reads.publicRead('user-2')).toEqual({ db: replica, skipCache: false });
    expect(await reads.publicRead(undefined)).toEqual({ db: replica, skipCache: false });
  });

  it('forgets the write after REPLICA_READ_AFTER_WRITE_SECONDS (the mark lives that long in the cache)', async () => {
    let now = 0;
    const { reads } = routing({ replicated: true, windowSeconds: 5, cache: new MemoryCache(() => now) });
    await reads.wrote('user-1');
    now += 4_999;
    expect((await reads.publicRead('user-1')).db).toBe(primary);
    now += 1;
    expect((await reads.publicRead('user-1')).db).toBe(replica);
  });

  it('reads the primary for a signed-in user while the cache cannot say whether they wrote', async () => {
    const { reads } = routing({ replicated: true, cache: brokenCache });
    expect(await reads.publicRead('user-1')).toEqual({ db: primary, skipCache: true });
    expect(await reads.publicRead(undefined)).toEqual({ db: replica, skipCache: false });
    await expect(reads.wrote('user-1')).resolves.toBeUndefined();
  });

  it('with REPLICA_READ_AFTER_WRITE_SECONDS=0, sends everyone to the replica', async () => {
    const { reads } = routing({ replicated: true, windowSeconds: 0 });
    await reads.wrote('user-1');
    expect(await reads.publicRead('user-1')).toEqual({ db: replica, skipCache: false });
  });

  it('without replicas, reads the primary and never asks the cache', async () => {
    const { reads } = routing({ replicated: false, cache: brokenCache });
    await reads.wrote('user-1');
    expect(await reads.publicRead('user-1')).toEqual({ db: primary, skipCache: false });
    expect(reads.primary).toBe(primary);
  });
});
