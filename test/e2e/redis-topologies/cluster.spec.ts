import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realRedisUrl } from '../../helpers/lanes.js';
import { startRedisCluster, type RedisCluster } from '../../helpers/redis-servers.js';
import { bootWith, type TestApp } from '../../helpers/test-app.js';
import { describeCacheContract, redisSubject } from '../../integration/cache.contract.js';
import { describeLockoutContract } from '../auth/lockout.contract.js';
import { describeRateLimitContract } from '../limits/rate-limit.contract.js';

/**
 * REDIS_CLUSTER_NODES: the cache, rate-limit and lockout contracts against a Redis Cluster of
 * three masters started from the local redis-server, so every key lands on one of several
 * nodes and a multi-key operation across hash slots fails as it would in production.
 * Real lane only (it needs redis-server and redis-cli).
 */
describe.skipIf(!realRedisUrl)('on a Redis Cluster of three masters', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const boot = bootWith(() => cluster.env);

  describeCacheContract('cluster', () => redisSubject(cluster.connection));
  describeRateLimitContract(boot, { sharedCache: true });
  describeLockoutContract(boot, { sharedCache: true });

  // Last: it takes a master away for good.
  describe('readiness', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await boot();
    });
    afterAll(() => t?.close());

    it('is ready while every master answers, and 503 naming the cache once one does not', async () => {
      const ready = await t.request({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode, ready.body).toBe(200);
      await cluster.stopNode(0);
      const down = await t.request({ method: 'GET', url: '/health/ready' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ checks: { database: 'up', cache: 'down' } });
    });
  });
});
