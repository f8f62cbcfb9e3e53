import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';
import type { Database } from './database.js';
import { LeaseGuardedPool } from './lease-guarded-pool.js';
import { MIGRATION_LOCK_KEY, migrationsFolder } from './migrations-folder.js';
import { ReplicaPool } from './replica-pool.js';
import * as schema from './schema/index.js';

export interface PostgresOptions {
  url: string;
  /** Read replicas of `url`; public reads run on them (see ReplicaPool). */
  replicaUrls?: readonly string[];
  /** The schema owner's URL (DATABASE_MIGRATION_URL): `migrate` connects with it; `url` when unset. */
  migrationUrl?: string;
  poolMax: number;
  connectRetryMs: number;
  statementTimeoutMs: number;
}

export class DatabaseUnreachableError extends Error {
  constructor(target: string, waitedMs: number, cause: unknown) {
    const reason = cause instanceof Error ? (('code' in cause && String(cause.code)) || cause.message) : String(cause);
    super(`PostgreSQL at ${target} is unreachable after ${Math.round(waitedMs / 1000)} s (${reason})`, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}

/** host:port/database, never the password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured DATABASE_URL';
  }
}

/** Reads on a replica that does not answer fall back to the primary; this bounds the wait for that answer. */
const REPLICA_CONNECT_TIMEOUT_MS = 1_000;

/**
 * The server ends a session left idle inside a transaction this long. No transaction of ours
 * waits on anything but the database for more than seconds; one whose instance froze or lost
 * its network would otherwise hold its row locks (the audit chain's head among them) until
 * the server's TCP keepalive notices, two hours by default.
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * TCP keepalive on every connection, first probe after this much silence: a server that
 * vanished without a reset (a failover, a partition) is noticed by the kernel, the connection
 * ends, and a connection lent to a transaction is given back (LeaseGuardedPool) instead of
 * waiting for an answer that cannot come.
 */
const KEEPALIVE_INITIAL_DELAY_MS = 10_000;

function openPool(url: string, options: PostgresOptions, logger: Logger, role: { applicationName: string; connectTimeoutMs: number }): pg.Pool {
  const pool = new LeaseGuardedPool({
    connectionString: url,
    max: options.poolMax,
    connectionTimeoutMillis: role.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    application_name: role.applicationName,
  });
  const target = describeTarget(url);
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (err) => logger.warn({ target, err: { message: err.message, code: (err as { code?: string }).code } }, 'idle database connection lost'));
  // The pool listens on idle clients only. A client lent out (a transaction between two
  // statements) whose server goes away emits 'error' too; unheard, that is an uncaught exception
  // and the process dies. Its statement fails (503) and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', (err) => logger.warn({ target, err: { message: err.message } }, 'database connection lost while in use')));
  return pool;
}

export async function connectPostgres(options: PostgresOptions, logger: Logger): Promise<Database> {
  const pool = openPool(options.url, options, logger, { applicationName: 'ihosi', connectTimeoutMs: 3_000 });
  await waitUntilReachable(pool, options, logger);

  const db = drizzle(pool, { schema });
  // Replicas are not waited for: one that is down only sends its reads to the primary.
  const replicas = (options.replicaUrls ?? []).map((url) => ({
    target: describeTarget(url),
    pool: openPool(url, options, logger, { applicationName: 'ihosi-read', connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS }),
  }));
  const readPool = replicas.length > 0 ? new ReplicaPool(pool, replicas, logger) : null;
  // ReplicaPool answers the two calls Drizzle makes of a pg.Pool (query, connect); the cast says so.
  const reader = readPool ? drizzle({ client: readPool as unknown as pg.Pool, schema }) : db;
  return {
    kind: 'postgres',
    db,
    reader,
    async ping() {
      await pool.query('select 1');
    },
    async migrate() {
      // As the owner when DATABASE_MIGRATION_URL names one: the app's own role may lack DDL rights.
      const owner = options.migrationUrl && options.migrationUrl !== options.url ? new pg.Client({ connectionString: options.migrationUrl, application_name: 'ihosi-migrate' }) : null;
      if (owner) await owner.connect();
      const pooled = owner ? null : await pool.connect();
      const client: pg.Client | pg.PoolClient = owner ?? pooled!;
      try {
        // Several instances may start together; the lock makes them migrate one at a time.
        // Waiting for it (or a long migration) must not trip the pool's statement timeout.
        await client.query('set statement_timeout = 0');
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
        try {
          await migrate(drizzle(client, { schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
        }
      } finally {
        await owner?.end().catch(() => undefined);
        if (pooled) {
          await pooled.query('reset statement_timeout').catch(() => undefined);
          pooled.release();
        }
      }
    },
    async close() {
      await readPool?.end();
      await pool.end();
    },
    poolStats() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    },
  };
}

async function waitUntilReachable(pool: pg.Pool, options: PostgresOptions, logger: Logger): Promise<void> {
  const startedAt = Date.now();
  let delayMs = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('select 1');
      return;
    } catch (error) {
      const waited = Date.now() - startedAt;
      if (!isDatabaseUnavailable(error) || waited + delayMs > options.connectRetryMs) {
        await pool.end().catch(() => undefined);
        throw new DatabaseUnreachableError(describeTarget(options.url), waited, error);
      }
      logger.warn({ attempt, retryInMs: delayMs, target: describeTarget(options.url) }, 'database not reachable yet, retrying');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 4_000);
    }
  }
}
