import { Inject, Injectable } from '@nestjs/common';
import { CACHE, type CachePort } from '../common/cache/cache.port.js';
import { APP_CONFIG } from '../common/core/tokens.js';
import type { AppConfig } from '../config/config.js';
import { DATABASE, type Database } from './database.js';
import type { Executor } from './transactions.js';

/** Where one public read runs. */
export interface ReadRoute {
  /** A replica (through `Database.reader`), or the primary. */
  db: Executor;
  /**
   * The caller wrote moments ago, so this read runs on the primary and must not be answered
   * from a shared cache either: a replica that had not yet replayed the write may have filled
   * it. Storing what this read finds is fine (it is the primary's latest).
   */
  skipCache: boolean;
}

/**
 * Which database a public read (search, a profile, reviews, slot listings) runs on. Anonymous
 * callers read a replica. A signed-in caller reads the primary for
 * REPLICA_READ_AFTER_WRITE_SECONDS after their last successful write, so they see it
 * (read-your-writes); the instant is kept in the cache port, so the rule holds across
 * instances when Redis is configured. Without replicas every read runs on the primary and
 * nothing is looked up. Reads that decide (booking, the slot check before it, auth, access
 * checks, anything in a transaction) never ask: they run on the primary (`Database.db`).
 */
@Injectable()
export class ReadRouting {
  private readonly windowSeconds: number;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.windowSeconds = config.database.kind === 'postgres' ? config.database.readAfterWriteSeconds : 0;
  }

  /** The primary, for services that pass a decision's reads to a repository that also serves public ones. */
  get primary(): Executor {
    return this.database.db;
  }

  private get replicated(): boolean {
    return this.database.reader !== this.database.db;
  }

  /** Where a public read by `userId` (undefined: anonymous) runs. */
  async publicRead(userId: string | undefined): Promise<ReadRoute> {
    if (!this.replicated) return { db: this.database.db, skipCache: false };
    const replica: ReadRoute = { db: this.database.reader, skipCache: false };
    if (userId === undefined || this.windowSeconds === 0) return replica;
    // A cache that does not answer cannot say whether they wrote: the primary is right either way.
    const wroteRecently = await this.cache.get(readAfterWriteKey(userId)).then(
      (instant) => instant !== null,
      () => true,
    );
    return wroteRecently ? { db: this.database.db, skipCache: true } : replica;
  }

  /** Remembers that `userId` has just written (called once the write has committed, before its response goes out). */
  async wrote(userId: string): Promise<void> {
    if (!this.replicated || this.windowSeconds === 0) return;
    // A mark that cannot be stored is lost; while the cache stays down `publicRead` sends them to the primary anyway.
    await this.cache.set(readAfterWriteKey(userId), new Date().toISOString(), this.windowSeconds).catch(() => undefined);
  }
}

function readAfterWriteKey(userId: string): string {
  return `read-after-write:${userId}`;
}
