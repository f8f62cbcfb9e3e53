import { describe, expect, it } from 'vitest';
import { redisClientOptions } from '../../../src/common/cache/redis-client.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../../src/config/config.js';
import type { RedisConnection } from '../../../src/config/redis.js';
import { problemsOf } from '../../helpers/config.js';

const base = { DATA_DIR: MEMORY_DATA_DIR };
const connectionOf = (env: Record<string, string>) => {
  const { cache } = loadConfig({ ...base, ...env });
  if (cache.kind !== 'redis') throw new Error('expected a Redis cache');
  return cache.connection;
};

describe('Redis topology configuration', () => {
  it('reaches a cluster through REDIS_CLUSTER_NODES, with node credentials and TLS', () => {
    expect(connectionOf({ REDIS_CLUSTER_NODES: 'redis-1:6379, redis-2:6380,[::1]:7000', REDIS_PASSWORD: 'pw', REDIS_TLS: 'true' })).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'redis-1', port: 6379 },
        { host: 'redis-2', port: 6380 },
        { host: '::1', port: 7000 },
      ],
      auth: { username: undefined, password: 'pw', tls: true },
    });
  });

  it('finds the master through REDIS_SENTINELS and REDIS_SENTINEL_NAME', () => {
    expect(connectionOf({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'mymaster', REDIS_SENTINEL_PASSWORD: 'spw' })).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'mymaster',
      sentinelPassword: 'spw',
      auth: { username: undefined, password: undefined, tls: false },
    });
  });

  it('accepts exactly one of REDIS_URL (or REDIS_HOST), REDIS_SENTINELS and REDIS_CLUSTER_NODES', () => {
    const sentinels = { REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'm' };
    expect(problemsOf({ ...base, REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'c:7000' })).toMatch(/REDIS_CLUSTER_NODES cannot be set together with REDIS_URL: .*set exactly one/);
    expect(problemsOf({ ...base, REDIS_HOST: 'r', ...sentinels })).toMatch(/REDIS_SENTINELS cannot be set together with REDIS_HOST/);
    expect(problemsOf({ ...base, ...sentinels, REDIS_CLUSTER_NODES: 'c:7000' })).toMatch(/REDIS_CLUSTER_NODES cannot be set together with REDIS_SENTINELS/);
  });

  it('refuses what cannot work: no master name, a list without ports, settings for another topology, braces in a cluster key prefix', () => {
    expect(problemsOf({ ...base, REDIS_SENTINELS: 's:26379' })).toMatch(/REDIS_SENTINEL_NAME is required with REDIS_SENTINELS/);
    expect(problemsOf({ ...base, REDIS_CLUSTER_NODES: 'c1:7000,c2' })).toMatch(/REDIS_CLUSTER_NODES must be a comma-separated list of host:port/);
    expect(problemsOf({ ...base, REDIS_CLUSTER_NODES: 'c1:70000' })).toMatch(/REDIS_CLUSTER_NODES must be/);
    expect(problemsOf({ ...base, REDIS_CLUSTER_NODES: ' , ' })).toMatch(/REDIS_CLUSTER_NODES must be/);
    expect(problemsOf({ ...base, REDIS_URL: 'redis://r:6379', REDIS_PASSWORD: 'pw' })).toMatch(/REDIS_PASSWORD is only used with REDIS_SENTINELS or REDIS_CLUSTER_NODES; .*REDIS_URL/);
    expect(problemsOf({ ...base, REDIS_CLUSTER_NODES: 'c:7000', REDIS_SENTINEL_NAME: 'm' })).toMatch(/REDIS_SENTINEL_NAME is only used with REDIS_SENTINELS/);
    expect(problemsOf({ ...base, REDIS_CLUSTER_NODES: 'c:7000', REDIS_KEY_PREFIX: 'app{1}:' })).toMatch(/REDIS_KEY_PREFIX must not contain \{ or \} with REDIS_CLUSTER_NODES/);
    expect(connectionOf({ REDIS_URL: 'redis://r:6379', REDIS_KEY_PREFIX: 'app{1}:' })).toMatchObject({ mode: 'single' });
  });
});

describe('the Redis client options', () => {
  const auth = { tls: false };
  const connections: RedisConnection[] = [
    { mode: 'single', url: 'redis://r:6379' },
    { mode: 'sentinel', sentinels: [{ host: 's', port: 26379 }], name: 'm', auth },
    { mode: 'cluster', nodes: [{ host: 'c', port: 7000 }], auth },
  ];

  it.each(connections.map((c) => [c.mode, c] as const))('fail fast in %s mode: no offline queue, bounded commands, the key prefix', (_mode, connection) => {
    const options = redisClientOptions(connection, 'ihosi:') as Record<string, unknown> & { redisOptions?: Record<string, unknown> };
    expect(options).toMatchObject({ keyPrefix: 'ihosi:', enableOfflineQueue: false });
    const perNode = options.redisOptions ?? options;
    expect(perNode).toMatchObject({ commandTimeout: 2_000, connectTimeout: 3_000, maxRetriesPerRequest: 1 });
  });

  it('follows a failover as soon as the sentinels announce it', () => {
    expect(redisClientOptions(connections[1]!, 'p:')).toMatchObject({ failoverDetector: true, sentinelCommandTimeout: 2_000 });
  });

  it('uses TLS to every node and sentinel when REDIS_TLS is set', () => {
    const tls = { tls: true, password: 'pw' };
    expect(redisClientOptions({ mode: 'sentinel', sentinels: [{ host: 's', port: 26379 }], name: 'm', auth: tls }, 'p:')).toMatchObject({ tls: {}, enableTLSForSentinelMode: true, sentinelTLS: {}, password: 'pw' });
    expect(redisClientOptions({ mode: 'cluster', nodes: [{ host: 'c', port: 7000 }], auth: tls }, 'p:')).toMatchObject({ redisOptions: { tls: {}, password: 'pw' }, dnsLookup: expect.any(Function) });
  });
});
