import { sql } from 'drizzle-orm';
import { asDatabaseOwner, queryRows } from './db.js';
import type { TestApp } from './test-app.js';

/**
 * Lets a test make the database itself refuse the success audit rows of chosen actions: a
 * BEFORE INSERT trigger on `audit_events` raises for any action listed in a test-only table.
 * The change a refused row records must then not have happened either, which holds only when
 * the row is written in the change's own transaction. Plain SQL, so PGlite and PostgreSQL alike.
 */
export async function installAuditRefusal(t: TestApp): Promise<{ refuse(action: string): Promise<void>; allow(action: string): Promise<void> }> {
  // As the owner: under TEST_DATABASE_APP_ROLE=1 the app's role may not make tables or triggers.
  // The app's role still reads the test table (the owner's default privileges grant it), as the
  // trigger runs in the app's inserts.
  await asDatabaseOwner(t, [
    `create table if not exists test_refused_audit_actions (action text primary key)`,
    `create or replace function test_refuse_audit_row() returns trigger language plpgsql as $$
begin
  if new.outcome = 'success' and exists (select 1 from test_refused_audit_actions where action = new.action) then
    raise exception 'test: audit row for % refused', new.action;
  end if;
  return new;
end;
$$`,
    `drop trigger if exists test_refuse_audit_row on audit_events`,
    `create trigger test_refuse_audit_row before insert on audit_events for each row execute function test_refuse_audit_row()`,
  ]);
  return {
    refuse: async (action) => void (await queryRows(t, sql`insert into test_refused_audit_actions (action) values (${action}) on conflict do nothing`)),
    allow: async (action) => void (await queryRows(t, sql`delete from test_refused_audit_actions where action = ${action}`)),
  };
}
