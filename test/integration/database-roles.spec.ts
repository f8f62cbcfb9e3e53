import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/common/audit/audit-chain.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { DATABASE, type Database } from '../../src/db/database.js';
import { ensureAppRole, planRoles, RolesConfigError } from '../../src/db/roles.js';
import { registerUser } from '../helpers/auth.js';
import { createScratchDatabase, onRealPostgres, realPostgresUrl, uniqueName } from '../helpers/lanes.js';
import { startTestApp } from '../helpers/test-app.js';

describe('planRoles', () => {
  it('takes the app role from DATABASE_URL and refuses one role for both', () => {
    expect(planRoles('postgres://app:s%40cret@db:5432/ihosi', 'postgres://owner:x@db:5432/ihosi')).toEqual({ appRole: 'app', appPassword: 's@cret', owner: 'owner', database: 'ihosi' });
    expect(() => planRoles('postgres://owner:x@db/ihosi', 'postgres://owner:x@db/ihosi')).toThrow(RolesConfigError);
    expect(() => planRoles('postgres://app@db/ihosi', 'postgres://owner:x@db/ihosi')).toThrow(/password/);
    expect(() => planRoles('postgres://app:p@db/other', 'postgres://owner:x@db/ihosi')).toThrow(/same database/);
  });

  it('reads DATABASE_MIGRATION_URL, defaulting to DATABASE_URL, and refuses it without DATABASE_URL', () => {
    const base = { JWT_SECRET: 'a'.repeat(40), JWT_REFRESH_SECRET: 'b'.repeat(40) };
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://app:p@db/ihosi' }).database).toMatchObject({ url: 'postgres://app:p@db/ihosi', migrationUrl: 'postgres://app:p@db/ihosi' });
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://app:p@db/ihosi', DATABASE_MIGRATION_URL: 'postgres://owner:o@db/ihosi' }).database).toMatchObject({ migrationUrl: 'postgres://owner:o@db/ihosi' });
    expect(() => loadConfig({ ...base, DATABASE_MIGRATION_URL: 'postgres://owner:o@db/ihosi' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'postgres://app:p@db/ihosi', DATABASE_MIGRATION_URL: 'mysql://x' })).toThrow(ConfigError);
  });
});

/**
 * Least privilege (HIPAA 164.312(b), (c)(1)): on real PostgreSQL the app connects as a role that
 * `npm run db:roles` made, while migrations run as the owner. PGlite has one role: there is
 * nothing to separate, so this part runs in the real lane only.
 */
describe.skipIf(!onRealPostgres)('the application role (real PostgreSQL)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const appRole = uniqueName('ihosi_app');
  const password = 'app-role-password-0123456789';
  let ownerUrl: string;
  let appUrl: string;
  let app: pg.Client;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    ownerUrl = scratch.url;
    const u = new URL(scratch.url);
    u.username = appRole;
    u.password = password;
    appUrl = u.toString();
    // Migrations as the owner, then the roles, twice: the second run changes nothing and fails on nothing.
    const owner = await connectDatabase({ kind: 'postgres', url: ownerUrl, replicaUrls: [], readAfterWriteSeconds: 5, poolMax: 2, connectRetryMs: 5_000, statementTimeoutMs: 10_000 }, pino({ level: 'silent' }));
    await owner.migrate();
    await owner.close();
    await ensureAppRole(ownerUrl, planRoles(appUrl, ownerUrl));
    await ensureAppRole(ownerUrl, planRoles(appUrl, ownerUrl));
    app = new pg.Client({ connectionString: appUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await scratch?.drop();
    const admin = new pg.Client({ connectionString: realPostgresUrl });
    await admin.connect();
    await admin.query(`drop role if exists ${appRole}`);
    await admin.end();
  });

  const refused = async (statement: string) => {
    await app.query('savepoint s');
    const error = await app.query(statement).then(() => null, (e: { code?: string; message: string }) => e);
    await app.query('rollback to savepoint s');
    return error;
  };

  it('reads and writes ordinary tables', async () => {
    const name = uniqueName('Spec');
    await app.query(`insert into specialties (code, name) values ($1, $2)`, [name.toLowerCase(), name]);
    expect((await app.query(`select count(*)::int as n from specialties where name = $1`, [name])).rows[0].n).toBe(1);
    await app.query(`update specialties set name = $1 where name = $2`, [`${name}x`, name]);
    await app.query(`delete from specialties where name = $1`, [`${name}x`]);
  });

  it('appends to the audit trail and reads it, and the chain holds', async () => {
    await app.query(`insert into audit_events (action, resource_type, outcome) values ('roles.test', 'test', 'success')`);
    expect((await app.query(`select chain_seq from audit_events where action = 'roles.test'`)).rowCount).toBe(1);
    // The head may be read (the verifier does), not moved.
    expect((await app.query(`select seq::int from audit_chain_head`)).rows[0].seq).toBeGreaterThan(0);
  });

  it('cannot change, remove or truncate audit rows, move the chain head, or turn the triggers off', async () => {
    await app.query('begin');
    try {
      for (const statement of [
        `update audit_events set action = 'x'`,
        `delete from audit_events`,
        `truncate audit_events`,
        `update audit_chain_head set seq = 0`,
        `alter table audit_events disable trigger zz_audit_events_chain`,
        `alter table audit_events disable trigger all`,
        `set session_replication_role = replica`,
      ]) {
        expect(await refused(statement), statement).toMatchObject({ code: '42501' });
      }
    } finally {
      await app.query('rollback');
    }
  });

  it('has no DDL: cannot alter, create, drop or truncate anything', async () => {
    await app.query('begin');
    try {
      for (const statement of [
        `alter table users add column x int`,
        `create table app_made (id int)`,
        `drop table specialties`,
        `truncate specialties`,
        `create or replace function audit_events_chain() returns trigger language plpgsql as $$ begin return new; end $$`,
        `create schema app_schema`,
      ]) {
        expect(await refused(statement), statement).toMatchObject({ code: '42501' });
      }
    } finally {
      await app.query('rollback');
    }
  });

  it('runs the whole app as that role, migrating as the owner', async () => {
    const t = await startTestApp({ databaseUrl: appUrl, env: { DATABASE_MIGRATION_URL: ownerUrl } });
    try {
      await registerUser(t);
      expect(await verifyAuditChain(t.app.get<Database>(DATABASE).db)).toMatchObject({ ok: true });
      const rows = (await app.query(`select count(*)::int as n from audit_events`)).rows[0].n;
      expect(rows).toBeGreaterThan(1);
    } finally {
      await t.close();
    }
  });
});
