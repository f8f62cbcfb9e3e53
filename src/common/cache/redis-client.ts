import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisConnection, RedisNodeAuth } from '../../config/redis.js';

export type RedisClient = Redis | Cluster;

const CONNECT_TIMEOUT_MS = 3_000;
const COMMAND_TIMEOUT_MS = 2_000;
/** Reconnection backoff, for one node, the master behind the sentinels, or the whole cluster. */
const reconnectDelay = (attempt: number): number => Math.min(attempt * 200, 2_000);

/**
 * Commands issued in the same tick (a request's token-validity reads, the rate-limit checks of
 * concurrent requests) leave in one write, not one socket write each: the cost that dominated
 * an authenticated read's profile (docs/BENCHMARKS.md, "Per-request overhead").
 */
const AUTO_PIPELINE = { enableAutoPipelining: true } as const;

/**
 * Fail fast while Redis is down instead of queueing commands behind a dead socket: every
 * feature has an answer for a cache that does not answer (docs/ARCHITECTURE.md, "When Redis
 * is down"), none for one that answers late.
 */
const FAIL_FAST = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: CONNECT_TIMEOUT_MS,
  commandTimeout: COMMAND_TIMEOUT_MS,
} satisfies RedisOptions;

/** The ioredis options for `connection`, without the client; separate so the choices can be tested. */
export function redisClientOptions(connection: RedisConnection, keyPrefix: string): RedisOptions | ClusterOptions {
  switch (connection.mode) {
    case 'single':
      return { keyPrefix, ...FAIL_FAST, ...AUTO_PIPELINE, retryStrategy: reconnectDelay };
    case 'sentinel':
      return {
        keyPrefix,
        ...FAIL_FAST,
        ...AUTO_PIPELINE,
        retryStrategy: reconnectDelay,
        sentinels: connection.sentinels,
        name: connection.name,
        sentinelPassword: connection.sentinelPassword,
        sentinelCommandTimeout: COMMAND_TIMEOUT_MS,
        // Subscribes to the sentinels' +switch-master, so a failover moves the connection at
        // once rather than when the old master's socket finally errors.
        failoverDetector: true,
        ...nodeAuth(connection.auth),
        ...(connection.auth.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      } satisfies RedisOptions;
    case 'cluster':
      return {
        keyPrefix,
        enableOfflineQueue: false,
        ...AUTO_PIPELINE,
        clusterRetryStrategy: reconnectDelay,
        // A command whose node went away is retried after a slot refresh, a few times only:
        // a failover that takes longer is an outage, answered like one.
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        maxRedirections: 6,
        slotsRefreshTimeout: COMMAND_TIMEOUT_MS,
        redisOptions: { ...FAIL_FAST, ...nodeAuth(connection.auth) },
        // TLS certificates name the hosts, so the nodes are reached by name, not by a resolved
        // address (as managed clusters such as ElastiCache require).
        ...(connection.auth.tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
      } satisfies ClusterOptions;
  }
}

export function createRedisClient(connection: RedisConnection, keyPrefix: string): RedisClient {
  const options = redisClientOptions(connection, keyPrefix);
  switch (connection.mode) {
    case 'single':
      return new Redis(connection.url, options as RedisOptions);
    case 'sentinel':
      return new Redis(options as RedisOptions);
    case 'cluster':
      return new Cluster(connection.nodes, options as ClusterOptions);
  }
}

function nodeAuth(auth: RedisNodeAuth): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  return { username: auth.username, password: auth.password, ...(auth.tls ? { tls: {} } : {}) };
}
