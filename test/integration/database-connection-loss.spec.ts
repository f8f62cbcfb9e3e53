import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/common/errors/database-errors.js';
import { connectPostgres } from '../../src/db/postgres.js';
import type { Database } from '../../src/db/database.js';
import { createScratchDatabase, onRealPostgres } from '../helpers/lanes.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

// A connection that dies while a transaction holds it must go back to the pool as broken,
// whatever step it died at; one that is lost for good shrinks the pool until nothing answers,
// and makes closing the pool wait forever.
describe.skipIf(!onRealPostgres)('a pooled connection lost in the middle of a transaction', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let proxy: TcpProxy;
  let database: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    proxy = await TcpProxy.forUrl(scratch.url).start();
    // One connection: a lost one leaves the pool with nothing to lend.
    database = await connectPostgres({ url: proxy.rewrite(scratch.url), poolMax: 1, connectRetryMs: 5_000, statementTimeoutMs: 10_000 }, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await proxy?.stop();
    await scratch?.drop();
  });

  const selectOne = () => database.db.transaction(async (tx) => ((await tx.execute(sql`select 1 as one`)) as unknown as { rows: unknown[] }).rows[0]);

  it.each([
    ['its BEGIN', 'begin'],
    ['a statement inside it', 'select 2'],
    ['its COMMIT', 'commit'],
  ])('is given back when the connection dies at %s, and the next transaction runs', async (_step, message) => {
    const dropped = proxy.dropOnNext(message);
    const failure = await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`select 2`);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    await dropped;
    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);

    expect(await selectOne()).toEqual({ one: 1 });
    expect(database.poolStats()).toMatchObject({ total: 1, waiting: 0 });
  });

  it('has the server end a session left idle inside a transaction, so an instance that froze mid-transaction does not hold its locks for hours', async () => {
    const setting = await database.db.transaction(async (tx) => ((await tx.execute(sql`show idle_in_transaction_session_timeout`)) as unknown as { rows: Record<string, string>[] }).rows[0]);
    expect(setting).toEqual({ idle_in_transaction_session_timeout: '1min' });
  });

  it('closes its pool after such losses', async () => {
    await database.close();
    expect(database.poolStats()).toEqual({ total: 0, idle: 0, waiting: 0 });
  });
});
