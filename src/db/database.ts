import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/** Drizzle over either driver; repositories depend on this, never on a driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The database as the rest of the app sees it, whichever engine is underneath. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
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
