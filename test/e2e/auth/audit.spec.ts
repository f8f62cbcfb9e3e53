import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectNoneInLogs, login, refresh, registerUser, strongPassword, type SessionBody } from '../../helpers/auth.js';
import { asDatabaseOwner, queryRows } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

interface AuditRow {
  action: string;
  outcome: string;
  actor_id: string | null;
  actor_role: string | null;
  resource_type: string;
  resource_id: string | null;
  ip: string | null;
  request_id: string | null;
  client_request_id: string | null;
  details: Record<string, unknown> | null;
  at: string | Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // In the order they were written: `at` is the transaction's start, to the millisecond, so rows can tie.
  const eventsOf = (userId: string) => queryRows<AuditRow>(t, sql`select * from audit_events where actor_id = ${userId} order by chain_seq`);

  it('records sign-up, sign-in success and failure, logout-all and password change, with address and request id', async () => {
    const user = await registerUser(t);
    const ok = await login(t, user.email, user.password);
    await login(t, user.email, 'not-the-password-1');
    await t.request({ method: 'POST', url: '/api/v1/auth/change-password', headers: bearer(ok.json().accessToken), payload: { currentPassword: user.password, newPassword: strongPassword() } });
    const again = (await refresh(t, ok.json().refreshToken)).json() as SessionBody;
    await t.request({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(again.accessToken) });

    const events = await eventsOf(user.user.id);
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'auth.register:success',
      'auth.login:success',
      'auth.login:failure',
      'auth.password_change:success',
      'auth.logout_all:success',
    ]);
    const success = events[1]!;
    expect(success).toMatchObject({ actor_role: 'patient', resource_type: 'user', resource_id: user.user.id, ip: '127.0.0.1', request_id: ok.headers['x-request-id'] });
    // Stamped by the database when it happened: after the account was created, not in the future.
    const stamps = await queryRows<{ in_order: boolean }>(
      t,
      sql`select (a.at >= u.created_at and a.at <= now()) as in_order from audit_events a join users u on u.id = a.actor_id where a.request_id = ${ok.headers['x-request-id'] as string}`,
    );
    expect(stamps).toEqual([{ in_order: true }]);
    expect(events[2]!.details).toEqual({ reason: 'wrong_password' });
  });

  it('records a lockout, logout and refresh-token reuse', async () => {
    const user = await registerUser(t);
    for (let i = 0; i < 5; i++) await login(t, user.email, `wrong-password-${i}x`);
    const refused = await login(t, user.email, user.password);
    expect(refused.statusCode).toBe(429);
    const lockEvents = await eventsOf(user.user.id);
    expect(lockEvents.filter((e) => e.action === 'auth.lockout')).toHaveLength(1);
    // A refused attempt names no account (a lock reveals nothing): its row is found by request id.
    const locked = await queryRows<AuditRow>(t, sql`select * from audit_events where request_id = ${refused.headers['x-request-id'] as string}`);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ action: 'auth.login', outcome: 'denied', actor_id: null, details: { reason: 'account_locked' } });

    const other = await registerUser(t);
    const next = (await refresh(t, other.refreshToken)).json() as SessionBody;
    await refresh(t, other.refreshToken);
    await t.request({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: next.refreshToken } });
    const actions = (await eventsOf(other.user.id)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toContain('auth.refresh_reuse:denied');
    expect(actions).toContain('auth.logout:success');
  });

  it("keeps a caller's X-Request-Id apart: the server's own id is always a fresh UUID", async () => {
    const user = await registerUser(t);
    const traced = { 'x-request-id': 'trace-1234567890' };
    const first = await login(t, user.email, user.password, traced);
    const second = await login(t, user.email, user.password, traced);
    const hostile = await login(t, user.email, user.password, { 'x-request-id': 'bad id\nwith newline' });
    // The response still echoes a well-formed caller id (contract), or the server's id.
    expect(first.headers['x-request-id']).toBe('trace-1234567890');
    expect(hostile.headers['x-request-id']).toMatch(UUID);

    const logins = (await eventsOf(user.user.id)).filter((e) => e.action === 'auth.login');
    expect(logins).toHaveLength(3);
    for (const row of logins) expect(row.request_id).toMatch(UUID);
    expect(new Set(logins.map((e) => e.request_id)).size).toBe(3);
    expect(logins.map((e) => e.client_request_id)).toEqual(['trace-1234567890', 'trace-1234567890', null]);
    expect(logins[2]!.request_id).toBe(hostile.headers['x-request-id']);

    // Log lines are keyed by the server's id and name the caller's beside it.
    const lines = t.logs.filter((l) => l.reqId === logins[0]!.request_id);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.clientRequestId).toBe('trace-1234567890');
    expect(t.logs.some((l) => l.reqId === 'trace-1234567890')).toBe(false);
    expect(second.statusCode).toBe(200);
  });

  it('keeps secrets out of the trail', async () => {
    const user = await registerUser(t);
    await login(t, user.email, user.password);
    const rows = JSON.stringify(await queryRows(t, sql`select * from audit_events`));
    for (const secret of [user.password, user.accessToken, user.refreshToken]) expect(rows.includes(secret)).toBe(false);
    expectNoneInLogs(t, [user.password, user.accessToken, user.refreshToken]);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await registerUser(t);
    const before = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from audit_events`);
    await expect(queryRows(t, sql`update audit_events set outcome = 'success' where outcome = 'failure'`)).rejects.toThrow();
    await expect(queryRows(t, sql`update audit_events set action = 'tampered'`)).rejects.toThrow();
    await expect(queryRows(t, sql`delete from audit_events`)).rejects.toThrow();
    await expect(queryRows(t, sql`truncate audit_events`)).rejects.toThrow();
    const after = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from audit_events`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await queryRows(t, sql`select 1 from audit_events where action = 'tampered'`)).toHaveLength(0);
  });

  it('says why in the error raised by the database, to the owner too', async () => {
    // As the owner: the restricted app role (TEST_DATABASE_APP_ROLE=1) has no DELETE right, so
    // it is refused before the trigger speaks; the trigger is what stops everyone else.
    const error = await asDatabaseOwner(t, ['delete from audit_events']).catch((e: unknown) => e);
    const messages: string[] = [];
    for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
    expect(messages.join(' ')).toMatch(/append-only/);
  });
});
