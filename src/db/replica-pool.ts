import type pg from 'pg';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../common/errors/database-errors.js';

/** How long a replica that could not be reached is left out before a statement tries it again. */
export const REPLICA_RETRY_MS = 10_000;

export interface Replica {
  /** host:port/database, for log lines (never the password). */
  target: string;
  pool: pg.Pool;
}

interface ReplicaState extends Replica {
  /** Set while the replica is out: statements skip it until then. */
  downUntil: number;
  down: boolean;
}

/**
 * What Drizzle runs public reads on when replicas are configured: each statement goes to the
 * next replica in turn. A replica that cannot be reached is left out for `REPLICA_RETRY_MS`
 * (said once per outage, and once when it answers again) and the statement runs on the next
 * replica or on the primary, so a replica outage never fails a read. A statement a replica
 * cancelled to apply the primary's changes (a recovery conflict) runs again on the primary.
 *
 * A transaction always runs on the primary: Drizzle opens one by asking its client for a
 * connection (`connect()`), which this hands out from the primary's pool. Drizzle treats its
 * client as a pool when the client's class name contains "Pool" (node-postgres session), hence
 * the name; test/integration/read-replicas.spec.ts holds that a transaction lands on the primary.
 */
export class ReplicaPool {
  private readonly replicas: ReplicaState[];
  private turn = 0;

  constructor(
    private readonly primary: pg.Pool,
    replicas: Replica[],
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.replicas = replicas.map((replica) => ({ ...replica, downUntil: 0, down: false }));
  }

  async query(config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    for (const replica of this.inTurn()) {
      try {
        const result = await replica.pool.query(config, values);
        this.markUp(replica);
        return result;
      } catch (error) {
        // A read that lost to replay is fine on the primary; the replica itself is up.
        if (isRecoveryConflict(error)) break;
        if (!isDatabaseUnavailable(error)) throw error;
        this.markDown(replica, error);
      }
    }
    return this.primary.query(config, values);
  }

  /** A connection for a transaction: always the primary's (what a transaction reads decides something). */
  connect(): Promise<pg.PoolClient> {
    return this.primary.connect();
  }

  /** Closes the replicas' pools; the primary's belongs to its owner. */
  async end(): Promise<void> {
    await Promise.allSettled(this.replicas.map((replica) => replica.pool.end()));
  }

  /** The replicas that are not left out, starting with the next one in the rotation. */
  private inTurn(): ReplicaState[] {
    const start = this.turn;
    this.turn = (this.turn + 1) % this.replicas.length;
    const now = this.now();
    return [...this.replicas.slice(start), ...this.replicas.slice(0, start)].filter((replica) => replica.downUntil <= now);
  }

  private markDown(replica: ReplicaState, error: unknown): void {
    replica.downUntil = this.now() + REPLICA_RETRY_MS;
    if (replica.down) return;
    replica.down = true;
    const reason = error instanceof Error ? (('code' in error && String(error.code)) || error.message) : String(error);
    this.logger.warn({ replica: replica.target, reason, retryInMs: REPLICA_RETRY_MS }, 'database replica unreachable; its reads run on the primary');
  }

  private markUp(replica: ReplicaState): void {
    if (!replica.down) return;
    replica.down = false;
    this.logger.info({ replica: replica.target }, 'database replica reachable again');
  }
}

/** SQLSTATE 40001 on a hot standby: the statement was cancelled so that replay could go on. */
function isRecoveryConflict(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '40001') return true;
  }
  return false;
}
