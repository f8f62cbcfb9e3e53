import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEMORY_DATA_DIR } from '../../src/config/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import type { Database } from '../../src/db/database.js';
import { MIGRATION_LOCK_KEY, migrationsFolder } from '../../src/db/migrations-folder.js';
import { rowsOf } from '../../src/db/rows.js';
import { createScratchDatabase, onRealPostgres, realPostgresUrl } from '../helpers/lanes.js';
import { freePort } from '../helpers/process.js';

const silent = pino({ level: 'silent' });
const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

async function open(url?: string, replicaUrls: string[] = [], logger = silent): Promise<Database> {
  return connectDatabase(
    url
      ? { kind: 'postgres', url, replicaUrls, readAfterWriteSeconds: 5, poolMax: 4, connectRetryMs: 5_000, statementTimeoutMs: 10_000 }
      : { kind: 'pglite', dataDir: MEMORY_DATA_DIR },
    logger,
  );
}

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

describe(`the database (${onRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let database: Database;

  beforeAll(async () => {
    scratch = onRealPostgres ? await createScratchDatabase() : undefined;
    database = await open(scratch?.url);
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('applies every committed migration once, and again is a no-op', async () => {
    await database.migrate();
    const [{ count } = { count: -1 }] = await rows<{ count: number }>(database, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
    expect(count).toBe(journal.entries.length);
  });

  it('stores every instant to the millisecond, as the schema says and a JavaScript Date holds it', async () => {
    // A microsecond written by now() does not survive a round trip through the app: a keyset
    // cursor holding the value skips the rows of the same millisecond (migration 0037).
    const finer = await rows<{ name: string; precision: number }>(
      database,
      sql`select table_name || '.' || column_name as name, datetime_precision as precision from information_schema.columns
          where table_schema = current_schema() and data_type like 'timestamp%' and datetime_precision <> 3 order by 1`,
    );
    expect(finer).toEqual([]);
    const withoutZone = await rows<{ name: string }>(
      database,
      sql`select table_name || '.' || column_name as name from information_schema.columns
          where table_schema = current_schema() and data_type = 'timestamp without time zone' order by 1`,
    );
    expect(withoutZone).toEqual([]);
  });

  it('offers btree_gist exclusion constraints that report 23P01 with the constraint name', async () => {
    await database.db.execute(sql`create temporary table booking_probe (
      doctor uuid not null, period tstzrange not null,
      constraint booking_probe_no_overlap exclude using gist (doctor with =, period with &&))`);
    const doctor = '00000000-0000-4000-8000-000000000001';
    await database.db.execute(sql`insert into booking_probe values (${doctor}, tstzrange('2027-03-15 09:00Z', '2027-03-15 09:30Z'))`);
    // Touching ranges do not overlap ([) bounds), so back-to-back visits are allowed.
    await database.db.execute(sql`insert into booking_probe values (${doctor}, tstzrange('2027-03-15 09:30Z', '2027-03-15 10:00Z'))`);
    const failure = await database.db
      .execute(sql`insert into booking_probe values (${doctor}, tstzrange('2027-03-15 09:15Z', '2027-03-15 09:45Z'))`)
      .then(() => null, (error: unknown) => error);
    const cause = (failure as { cause?: { code?: string; constraint?: string } }).cause ?? (failure as { code?: string; constraint?: string });
    expect(cause.code).toBe('23P01');
    expect(cause.constraint).toBe('booking_probe_no_overlap');
  });

  it('reads on the primary itself when no replica is configured: the reader is the primary', () => {
    expect(database.reader).toBe(database.db);
  });

  it('offers pg_trgm similarity and citext comparison', async () => {
    const [trgm] = await rows<{ score: number }>(database, sql`select similarity('cardiolgy', 'cardiology') as score`);
    expect(trgm!.score).toBeGreaterThan(0.5);
    const [ci] = await rows<{ same: boolean }>(database, sql`select 'Ada@Example.COM'::citext = 'ada@example.com'::citext as same`);
    expect(ci!.same).toBe(true);
  });
});

describe.skipIf(!onRealPostgres)('migrations with several instances starting at once', () => {
  it('run one at a time under the advisory lock and all succeed', async () => {
    const scratch = await createScratchDatabase();
    const instances = await Promise.all([open(scratch.url), open(scratch.url), open(scratch.url), open(scratch.url)]);
    try {
      await Promise.all(instances.map((d) => d.migrate()));
      const [{ count } = { count: -1 }] = await rows<{ count: number }>(instances[0]!, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
      expect(count).toBe(journal.entries.length);
      const [{ specialties } = { specialties: -1 }] = await rows<{ specialties: number }>(instances[0]!, sql`select count(*)::int as specialties from specialties`);
      expect(specialties).toBeGreaterThanOrEqual(40);
    } finally {
      await Promise.all(instances.map((d) => d.close()));
      await scratch.drop();
    }
  });

  it('reads through a replica nobody answers on from the primary, and says so once', async () => {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) });
    const nobody = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    const instance = await open(realPostgresUrl, [nobody], logger);
    try {
      expect(instance.reader).not.toBe(instance.db);
      for (let i = 0; i < 3; i++) expect(await rowsOf<{ one: number }>(instance.reader, sql`select 1 as one`)).toEqual([{ one: 1 }]);
      expect(lines.filter((line) => line.msg === 'database replica unreachable; its reads run on the primary')).toHaveLength(1);
    } finally {
      await instance.close();
    }
  });

  it('the lock is really taken: a second instance waits while another holds it', async () => {
    const scratch = await createScratchDatabase();
    const holder = new pg.Client({ connectionString: scratch.url });
    await holder.connect();
    const instance = await open(scratch.url);
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      let finished = false;
      const migrating = instance.migrate().then(() => (finished = true));
      // The signal that it waits: the server shows its advisory-lock request as not granted.
      await vi.waitFor(
        async () => {
          const { rows } = await holder.query<{ n: number }>(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`);
          expect(rows[0]!.n).toBe(1);
        },
        { timeout: 20_000, interval: 20 },
      );
      expect(finished).toBe(false);
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await migrating;
      expect(finished).toBe(true);
    } finally {
      await holder.end();
      await instance.close();
      await scratch.drop();
    }
  });
});
