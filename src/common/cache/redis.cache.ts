import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CachePort } from './cache.port.js';

// INCR and the window's expiry in one atomic step, so a crash between them cannot leave a
// counter that never expires; PTTL tells the caller when the window ends.
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }
`;

export class RedisCache implements CachePort {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(url: string, keyPrefix: string, logger: Logger) {
    this.redis = new Redis(url, {
      keyPrefix,
      // Fail fast while Redis is down instead of queueing commands behind a dead socket.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 3_000,
      commandTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      lazyConnect: false,
    });
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
    if (keys.length > 0) await this.redis.del(...keys);
  }

  async increment(key: string, windowSeconds: number): Promise<{ count: number; resetInMs: number }> {
    const [count, pttl] = (await this.redis.eval(INCREMENT_SCRIPT, 1, key, Math.round(windowSeconds * 1000))) as [number, number];
    return { count, resetInMs: Math.max(0, pttl) };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
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
