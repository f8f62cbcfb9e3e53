import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

interface Row {
  action: string;
  outcome: string;
  actor_id: string;
  actor_role: string;
  resource_type: string;
  resource_id: string;
  ip: string | null;
  request_id: string | null;
  client_request_id: string | null;
  details: Record<string, unknown>;
}

describe('access denied at the guard', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a 403 for a role the route does not allow as an audit event with outcome denied', async () => {
    const patient = await registerUser(t);
    const response = await t.request({
      method: 'PUT',
      url: '/api/v1/doctors/me/availability',
      headers: { ...bearer(patient.accessToken), 'x-request-id': 'req-denied-0001' },
      payload: { weekly: [] },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'FORBIDDEN' });

    const rows = await queryRows<Row>(t, sql`select * from audit_events where actor_id = ${patient.user.id} and outcome = 'denied'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'access.denied',
      actor_role: 'patient',
      resource_type: 'route',
      resource_id: 'PUT /api/v1/doctors/me/availability',
      // The caller's id is kept apart; the row's request id is the server's own.
      client_request_id: 'req-denied-0001',
      request_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      details: { reason: 'role_not_allowed', allowedRoles: 'doctor' },
    });
    expect(rows[0]!.ip).toBeTruthy();
  });

  it('records nothing for allowed requests or for missing tokens (401, nobody to name)', async () => {
    const doctor = await registerUser(t, { role: 'doctor' });
    expect((await t.request({ method: 'GET', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.accessToken) })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/doctors/me/appointment-types' })).statusCode).toBe(401);
    const rows = await queryRows(t, sql`select 1 from audit_events where action = 'access.denied' and actor_id = ${doctor.user.id}`);
    expect(rows).toHaveLength(0);
  });
});
