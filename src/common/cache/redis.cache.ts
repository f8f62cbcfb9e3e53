import { Cluster } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConnection } from '../../config/redis.js';
import type { CachePort } from './cache.port.js';
import { assertOneHashSlot } from './hash-tags.js';
import { createRedisClient, type RedisClient } from './redis-client.js';

// INCR and the window's expiry in one atomic step, so a crash between them cannot leave a
// counter that never expires; PTTL tells the caller when the window ends.
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }
`;

const INCREMENT_COMMAND = 'incrementWindow';

/** One Redis node, a master found through Sentinel, or a Redis Cluster (see RedisConnection). */
export class RedisCache implements CachePort {
  readonly kind = 'redis' as const;
  private readonly redis: RedisClient;

  constructor(connection: RedisConnection, keyPrefix: string, logger: Logger) {
    this.redis = createRedisClient(connection, keyPrefix);
    // Sent as EVALSHA (the script body once per connection, not with every rate-limit check).
    this.redis.defineCommand(INCREMENT_COMMAND, { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    let reported = false;
    this.redis.on('error', (err: Error) => {
      if (!reported) logger.warn({ err: { message: err.message } }, 'redis connection error');
      reported = true;
    });
    this.redis.on('ready', () => {
      reported = false;
    });
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
  }

  async delete(...keys: string[]): Promise<void> {
    assertOneHashSlot('delete', keys);
    if (keys.length > 0) await this.redis.del(...keys);
  }

  async increment(key: string, windowSeconds: number): Promise<{ count: number; resetInMs: number }> {
    const client = this.redis as unknown as Record<typeof INCREMENT_COMMAND, (key: string, windowMs: number) => Promise<[number, number]>>;
    const [count, pttl] = await client[INCREMENT_COMMAND](key, Math.round(windowSeconds * 1000));
    return { count, resetInMs: Math.max(0, pttl) };
  }

  /**
   * Readiness. A cluster answers for a key only through the master that owns its slot, so
   * every slot must have an owner and every owner must answer (a master that went away stays
   * the owner until the cluster fails over to a replica).
   */
  async ping(): Promise<void> {
    if (this.redis instanceof Cluster) await pingEveryOwner(this.redis);
    else await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /** Resolves once connected, or rejects; used at start-up so a wrong URL is reported early. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error('redis not ready'));
      }, timeoutMs);
      const onReady = () => {
        cleanup();
        resolve();
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
      };
      this.redis.on('ready', onReady);
    });
  }
}

const CLUSTER_SLOTS = 16_384;

async function pingEveryOwner(cluster: Cluster): Promise<void> {
  if (cluster.status !== 'ready') throw new Error(`redis cluster not ready (${cluster.status})`);
  const owners = new Set<string>();
  for (let slot = 0; slot < CLUSTER_SLOTS; slot++) {
    const owner = cluster.slots[slot]?.[0];
    if (!owner) throw new Error(`redis cluster slot ${slot} has no master`);
    owners.add(owner);
  }
  const connected = new Map(cluster.nodes('master').map((node) => [`${node.options.host}:${node.options.port}`, node]));
  await Promise.all(
    [...owners].map(async (owner) => {
      const node = connected.get(owner);
      if (!node) throw new Error(`no connection to redis cluster master ${owner}`);
      await node.ping();
    }),
  );
}
