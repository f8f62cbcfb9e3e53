import pg from 'pg';

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * A pg pool whose lent connections cannot be lost. Drizzle's transaction takes a connection
 * with `connect()` and sends BEGIN before the try whose `finally` gives it back (drizzle-orm
 * 0.45, node-postgres session), so a connection that dies between the two is never released:
 * the pool counts it as lent for good, a pool of `max` such losses answers nothing, and
 * `end()` waits for it forever (a shutdown that hangs after a database cut).
 *
 * A connection handed out by the promise form of `connect()` is released by itself, as broken,
 * when its connection ends while it is lent; and its `release` may be called more than once
 * (the later calls do nothing), so a borrower that does give it back afterwards is no error.
 * The callback form is the pool's own `query()`, which always releases.
 */
export class LeaseGuardedPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return super.connect().then(releasedWhenItsConnectionEnds);
  }
}

function releasedWhenItsConnectionEnds(client: pg.PoolClient): pg.PoolClient {
  const giveBack = client.release.bind(client);
  let released = false;
  const release = (err?: Error | boolean): void => {
    if (released) return;
    released = true;
    client.off('end', onEnd);
    giveBack(err);
  };
  const onEnd = (): void => release(new Error('database connection ended while lent'));
  client.once('end', onEnd);
  client.release = release;
  return client;
}
