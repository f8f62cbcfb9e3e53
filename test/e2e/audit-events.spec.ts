import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, registerUser, strongPassword } from '../helpers/auth.js';
import { adminAccessToken } from '../helpers/mfa.js';
import { expectProblem } from '../helpers/http.js';
import { withTagTampered } from '../helpers/pages.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface AuditEventBody {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  outcome: string;
  resourceType: string;
  requestId: string | null;
  clientRequestId: string | null;
}
interface PageBody {
  data: AuditEventBody[];
  nextCursor: string | null;
}

describe('GET /api/v1/admin/audit-events', () => {
  const admin = { email: 'audit.admin@example.com', password: strongPassword() };
  let t: TestApp;
  let adminToken: string;
  let patient: Awaited<ReturnType<typeof registerUser>>;

  const list = (query: string, token = adminToken) => t.request({ method: 'GET', url: `/api/v1/admin/audit-events${query}`, headers: bearer(token) });

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } });
    adminToken = await adminAccessToken(t, admin.email, admin.password);
    patient = await registerUser(t, { role: 'patient' });
    await login(t, patient.email, 'wrong password entirely');
    for (let i = 0; i < 3; i++) await login(t, patient.email, patient.password);
  });
  afterAll(() => t.close());

  it('is for admins only: 401 anonymous, 403 for patients and doctors', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/admin/audit-events' }), 401, 'UNAUTHENTICATED');
    expectProblem(await list('', patient.accessToken), 403, 'FORBIDDEN');
    const doctor = await registerUser(t, { role: 'doctor' });
    expectProblem(await list('', doctor.accessToken), 403, 'FORBIDDEN');
  });

  it('filters by actor, action and outcome, newest first', async () => {
    const page = (await list(`?actorId=${patient.user.id}&action=auth.login`)).json() as PageBody;
    expect(page.data).toHaveLength(4); // beforeAll: one failed and three successful sign-ins
    for (const e of page.data) expect(e).toMatchObject({ actorId: patient.user.id, action: 'auth.login' });
    const times = page.data.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const failures = (await list(`?actorId=${patient.user.id}&action=auth.login&outcome=failure`)).json() as PageBody;
    expect(failures.data).toHaveLength(1); // the one wrong password of beforeAll
    expect(failures.data[0]).toMatchObject({ actorId: patient.user.id, action: 'auth.login', outcome: 'failure' });
  });

  it('filters by time: nothing before the epoch of this test run, everything since', async () => {
    const future = (await list(`?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).json() as PageBody;
    expect(future.data).toEqual([]);
    const past = (await list(`?to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).json() as PageBody;
    expect(past.data).toEqual([]);
    const recent = (await list(`?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).json() as PageBody;
    expect(recent.data.length).toBeGreaterThan(0);
  });

  it('walks every event exactly once with a cursor, and records each read', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const before = ((await list('?action=audit.read&limit=100')).json() as PageBody).data.length;
    do {
      const response = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}&action=auth.login`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as PageBody;
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = ((await list('?action=auth.login&limit=100')).json() as PageBody).data.map((e) => e.id);
    expect(seen).toEqual(all);
    const after = ((await list('?action=audit.read&limit=100')).json() as PageBody).data.length;
    expect(after).toBeGreaterThan(before);
  });

  it("shows a caller's X-Request-Id as clientRequestId, beside the server's own requestId", async () => {
    await login(t, patient.email, patient.password, { 'x-request-id': 'mobile-trace-42abc' });
    const [latest] = ((await list(`?actorId=${patient.user.id}&action=auth.login&outcome=success&limit=1`)).json() as PageBody).data;
    expect(latest).toMatchObject({ clientRequestId: 'mobile-trace-42abc', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const [plain] = ((await list(`?actorId=${patient.user.id}&action=auth.login&outcome=failure&limit=1`)).json() as PageBody).data;
    expect(plain).toMatchObject({ clientRequestId: null, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('refuses a tampered cursor, a cursor from other filters and bad parameters with 400', async () => {
    const first = (await list('?limit=1&action=auth.login')).json() as PageBody;
    expect(first.nextCursor).not.toBeNull();
    const tampered = withTagTampered(first.nextCursor!);
    expectProblem(await list(`?limit=1&action=auth.login&cursor=${encodeURIComponent(tampered)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await list(`?limit=1&action=auth.register&cursor=${encodeURIComponent(first.nextCursor!)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?cursor=garbage'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?limit=1e9'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?from=2027-02-30T00:00:00Z'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?actorId=1%20OR%201=1'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?unknown=1'), 400, 'VALIDATION_FAILED');
  });
});
