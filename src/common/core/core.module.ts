import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { connectDatabase } from '../../db/connect.js';
import { installFieldCipher } from '../crypto/field-cipher.js';
import { DATABASE, type Database } from '../../db/database.js';
import { ReadRouting } from '../../db/read-routing.js';
import { Transactions } from '../../db/transactions.js';
import { BestEffortCache } from '../cache/best-effort.cache.js';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { CLOCK, systemClock } from '../clock/clock.js';
import { MemoryCache } from '../cache/memory.cache.js';
import { RedisCache } from '../cache/redis.cache.js';
import { LOGGER } from '../logging/logger.js';
import { requestAwareLogger } from '../logging/request-logger.js';
import { Metrics } from '../metrics/metrics.js';
import { LoadState } from '../http/load-state.js';
import { ShutdownState } from '../http/shutdown-state.js';
import { APP_CONFIG } from './tokens.js';

async function openCache(config: AppConfig['cache'], logger: Logger): Promise<CachePort> {
  if (config.kind === 'memory') return new MemoryCache();
  const cache = new RedisCache(config.connection, config.keyPrefix, logger);
  // Not fatal: readiness reports the cache until Redis answers.
  await cache.waitUntilReady(3_000).catch(() => logger.warn('redis not reachable at start; readiness will report the cache as down'));
  return cache;
}

/** Closes pools after the HTTP server has drained (Nest runs this hook last). */
class ResourceCloser implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CACHE) private readonly cache: CachePort,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.database.close(), this.cache.close()]);
  }
}

/** Process-wide infrastructure: configuration, logger, database and its transactions, cache, clock and metrics. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, rootLogger: Logger): DynamicModule {
    // Everything the app logs goes through this one: inside a request it writes with that
    // request's bindings (reqId, traceId), so no service has to pass a request id along.
    const logger = requestAwareLogger(rootLogger);
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Metrics, useValue: new Metrics() },
        { provide: ShutdownState, useValue: new ShutdownState() },
        { provide: LoadState, useValue: new LoadState() },
        {
          provide: DATABASE,
          inject: [Metrics],
          useFactory: async (metrics: Metrics) => {
            // Before any row is read or written: the encrypted PHI columns use it.
            installFieldCipher(config.encryption.keys);
            const database = await connectDatabase(config.database, logger);
            metrics.observePool(() => database.poolStats());
            await database.migrate();
            const replicas = config.database.kind === 'postgres' ? config.database.replicaUrls.length : 0;
            logger.info({ database: database.kind, ...(replicas > 0 ? { replicas } : {}) }, 'database ready and migrated');
            return database;
          },
        },
        { provide: CACHE, useFactory: () => openCache(config.cache, logger) },
        BestEffortCache,
        { provide: CLOCK, useFactory: systemClock },
        Transactions,
        ReadRouting,
        ResourceCloser,
      ],
      exports: [APP_CONFIG, LOGGER, Metrics, ShutdownState, LoadState, DATABASE, CACHE, BestEffortCache, CLOCK, Transactions, ReadRouting],
    };
  }
}
