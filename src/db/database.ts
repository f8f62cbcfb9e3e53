import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/** Drizzle over either driver; repositories depend on this, never on a driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The database as the rest of the app sees it, whichever engine is underneath. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** The primary: every write, every transaction, and every read that decides something. */
  readonly db: Db;
  /**
   * Where public reads may run (search, profiles, reviews, slot listings): the replicas of
   * DATABASE_REPLICA_URLS in turn, falling back to the primary while one is down
   * (`ReplicaPool`); `db` itself when there are none, and on PGlite, so the code path is the
   * same either way. Only for reads: which reads may run here is `ReadRouting`'s question.
   */
  readonly reader: Db;
  /** Resolves when a trivial query succeeds; rejects otherwise. */
  ping(): Promise<void>;
  /** Applies pending migrations; safe when several instances start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Connection pool occupancy for metrics; null where there is no pool (PGlite). */
  poolStats(): PoolStats | null;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export const DATABASE = Symbol('DATABASE');
