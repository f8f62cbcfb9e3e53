import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE, type Database } from '../../src/db/database.js';
import { rowsOf } from '../../src/db/rows.js';
import { nowAtInstantPrecision } from '../../src/db/schema/columns.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const ATTEMPTS = 200;

/** Thrown to roll a probe's transaction back once its answer is read. */
class Rollback extends Error {
  constructor(readonly answer: Probe) {
    super('rollback');
  }
}

interface Probe {
  sub_millisecond: boolean;
  rounded_up: boolean;
  due_by_raw_now: boolean;
  due: boolean;
}

// The outbox and webhook queues claim rows whose time is "due by now". A row made due with
// now() is stored rounded to the millisecond, so it can be later than now() itself: the
// claim that follows within that half millisecond passed it over (flaky worker tests in CI).
// Inside one transaction now() stands still, which makes the case exact: the probe stores
// now() in the outbox's own column and compares it, in the same statement, with now().
describe('"due by now" at the precision the queues store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function probe(database: Database): Promise<Probe> {
    try {
      await database.db.transaction(async (tx) => {
        const [row] = await rowsOf<Probe>(
          tx,
          sql`insert into outbox (kind, payload) values ('probe', '{}') returning
                extract(microseconds from now())::bigint % 1000 <> 0 as sub_millisecond,
                available_at > now() as rounded_up,
                available_at <= now() as due_by_raw_now,
                available_at <= ${nowAtInstantPrecision} as due`,
        );
        throw new Rollback(row!);
      });
    } catch (error) {
      if (error instanceof Rollback) return error.answer;
      throw error;
    }
    throw new Error('the probe transaction committed');
  }

  it('counts a row made due now as due, also when storing rounded its time up past now()', async () => {
    const database = t.app.get<Database>(DATABASE);
    let roundedUp: Probe | undefined;
    let subMillisecondClock = false;
    for (let i = 0; i < ATTEMPTS && !roundedUp; i++) {
      const answer = await probe(database);
      expect(answer.due).toBe(true);
      subMillisecondClock ||= answer.sub_millisecond;
      if (answer.rounded_up) roundedUp = answer;
    }
    if (!subMillisecondClock) {
      // PGlite's clock ticks in whole milliseconds: storing now() never rounds there.
      expect(t.config.database.kind).toBe('pglite');
      expect(roundedUp).toBeUndefined();
    } else {
      // PostgreSQL's clock has microseconds: about every other now() is half a millisecond or more past one.
      expect(roundedUp, `no now() rounded up in ${ATTEMPTS} transactions`).toBeDefined();
      expect(roundedUp).toEqual({ sub_millisecond: true, rounded_up: true, due_by_raw_now: false, due: true });
    }
    expect(await rowsOf(database.db, sql`select id from outbox where kind = 'probe'`)).toEqual([]);
  });
});
