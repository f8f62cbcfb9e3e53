import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeVerdict, GENESIS_HASH, verifyAuditChain } from '../../src/common/audit/audit-chain.js';
import { AuditService } from '../../src/common/audit/audit.service.js';
import { DATABASE, type Database } from '../../src/db/database.js';
import { migrationsFolder } from '../../src/db/migrations-folder.js';
import { Transactions } from '../../src/db/transactions.js';
import { asDatabaseOwner, queryRows } from '../helpers/db.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const db = (t: TestApp) => t.app.get<Database>(DATABASE).db;
const record = (t: TestApp, action: string, details?: Record<string, string | number>) =>
  t.app.get(AuditService).record({ action, outcome: 'success', resource: { type: 'test', id: action }, details, client: { ip: '203.0.113.7', requestId: 'r-1' } as never });

/**
 * As the superuser (the test database's owner), the way a DBA would tamper: triggers off, change,
 * triggers on. With TEST_DATABASE_APP_ROLE=1 the app's role cannot, so the owner's URL is used.
 */
async function asSuperuser(t: TestApp, statement: string): Promise<void> {
  await asDatabaseOwner(t, ['alter table audit_events disable trigger audit_events_no_update_delete', statement, 'alter table audit_events enable trigger audit_events_no_update_delete']);
}

describe('the audit trail is a hash chain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('chains every row from the genesis hash, whatever the insert says, and verifies', async () => {
    await record(t, 'chain.first', { note: 'ünïcode ✓', n: 1 });
    // A caller cannot choose its chain position or hash: the trigger overwrites them.
    await queryRows(t, sql`insert into audit_events (action, resource_type, outcome, chain_seq, prev_hash, row_hash) values ('chain.forged', 'test', 'success', 999, 'x', 'y')`);
    const rows = await queryRows<{ chain_seq: string; prev_hash: string; row_hash: string }>(t, sql`select chain_seq::text, prev_hash, row_hash from audit_events order by chain_seq`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    rows.forEach((row, i) => {
      expect(row.chain_seq).toBe(String(i + 1));
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]!.row_hash);
      expect(row.row_hash).toMatch(/^[0-9a-f]{64}$/);
    });
    const verdict = await verifyAuditChain(db(t), 2);
    expect(verdict).toEqual({ ok: true, rows: rows.length });
  });

  it('stays linear under concurrent writers, in and out of transactions', async () => {
    const before = await verifyAuditChain(db(t));
    expect(before.ok).toBe(true);
    const transactions = t.app.get(Transactions);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? record(t, `concurrent.${i}`)
          : transactions.run(async (tx) => {
              await t.app.get(AuditService).record({ action: `concurrent.tx.${i}`, outcome: 'success', resource: { type: 'test' } }, tx);
              await tx.execute(sql`select pg_sleep(0.01)`);
            }),
      ),
    );
    const verdict = await verifyAuditChain(db(t), 7);
    expect(verdict).toEqual({ ok: true, rows: before.rows + 40 });
    const seqs = await queryRows<{ n: number; max: string; distinct_prev: number }>(t, sql`select count(*)::int as n, max(chain_seq)::text as max, count(distinct prev_hash)::int as distinct_prev from audit_events`);
    expect(seqs[0]).toEqual({ n: before.rows + 40, max: String(before.rows + 40), distinct_prev: before.rows + 40 });
  });

  it('names the first row a superuser changed', async () => {
    await record(t, 'tamper.a');
    await record(t, 'tamper.b');
    await record(t, 'tamper.c');
    const [target] = await queryRows<{ id: string; chain_seq: string }>(t, sql`select id::text, chain_seq::text from audit_events where action = 'tamper.b'`);
    await asSuperuser(t, `update audit_events set details = '{"note":"edited"}' where id = '${target!.id}'`);
    const verdict = await verifyAuditChain(db(t));
    expect(verdict).toMatchObject({ ok: false, rows: Number(target!.chain_seq) - 1, firstBreak: { id: target!.id, seq: Number(target!.chain_seq), reason: 'row-hash-mismatch' } });
    expect(describeVerdict(verdict)).toContain(target!.id);
  });
});

describe('removed rows break the chain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    for (const action of ['del.a', 'del.b', 'del.c', 'del.d']) await record(t, action);
  });
  afterAll(() => t.close());

  it('a row removed from the end shows at the head; one from the middle as a gap', async () => {
    expect((await verifyAuditChain(db(t))).ok).toBe(true);
    await asSuperuser(t, `delete from audit_events where action = 'del.d'`);
    expect(await verifyAuditChain(db(t))).toMatchObject({ ok: false, firstBreak: { reason: 'head-mismatch', id: null } });
    const [b] = await queryRows<{ chain_seq: string }>(t, sql`select chain_seq::text from audit_events where action = 'del.b'`);
    await asSuperuser(t, `delete from audit_events where action = 'del.b'`);
    expect(await verifyAuditChain(db(t))).toMatchObject({ ok: false, firstBreak: { reason: 'gap', seq: Number(b!.chain_seq) + 1, expectedSeq: Number(b!.chain_seq) } });
  });
});

describe('migration 0034 chains the rows that were there before it', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in insertion order, verifiably, and new rows continue the chain', async () => {
    // A copy of the migrations folder that stops before 0034, then the real one.
    dir = mkdtempSync(join(tmpdir(), 'ihosi-migrations-'));
    cpSync(migrationsFolder, dir, { recursive: true });
    const journalPath = join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < 34) }));
    const client = await PGlite.create(undefined, { extensions: { btree_gist, citext, cube, earthdistance, pg_trgm } });
    try {
      const pglite = drizzle(client);
      await migrate(pglite, { migrationsFolder: dir });
      for (const [i, action] of ['old.a', 'old.b', 'old.c'].entries()) {
        await pglite.execute(sql`insert into audit_events (action, resource_type, outcome, at, details) values (${action}, 'test', 'success', ${`2027-01-0${i + 1}T00:00:00Z`}::timestamptz, '{"k":1}')`);
      }
      await migrate(pglite, { migrationsFolder });
      const rows = (await pglite.execute(sql`select action, chain_seq::int as seq from audit_events order by chain_seq`)).rows;
      expect(rows).toEqual([{ action: 'old.a', seq: 1 }, { action: 'old.b', seq: 2 }, { action: 'old.c', seq: 3 }]);
      await pglite.execute(sql`insert into audit_events (action, resource_type, outcome) values ('new.d', 'test', 'success')`);
      expect(await verifyAuditChain(pglite as never)).toEqual({ ok: true, rows: 4 });
    } finally {
      await client.close();
    }
  });
});
