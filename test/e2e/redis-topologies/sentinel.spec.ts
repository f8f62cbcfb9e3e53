import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realRedisUrl } from '../../helpers/lanes.js';
import { startRedisSentinel, type RedisTopology } from '../../helpers/redis-servers.js';
import { startTestApp } from '../../helpers/test-app.js';
import { describeCacheContract, redisSubject } from '../../integration/cache.contract.js';

/**
 * REDIS_SENTINELS: the cache contract through a sentinel (with its own password) that names a
 * password-protected master, and an app configured by the variables alone. Real lane only.
 */
describe.skipIf(!realRedisUrl)('through Redis Sentinel', () => {
  let sentinel: RedisTopology;
  beforeAll(async () => {
    sentinel = await startRedisSentinel();
  });
  afterAll(async () => {
    await sentinel?.stop();
  });

  describeCacheContract('sentinel', () => redisSubject(sentinel.connection));

  it('starts the app from REDIS_SENTINELS, REDIS_SENTINEL_NAME and the passwords, and reports the cache ready', async () => {
    const t = await startTestApp({ env: sentinel.env });
    try {
      expect(t.config.cache).toMatchObject({ kind: 'redis', connection: { mode: 'sentinel' } });
      const ready = await t.request({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(ready.json()).toMatchObject({ checks: { cache: 'up' } });
    } finally {
      await t.close();
    }
  });
});
