import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { ADMIN, adminToken, DOCTORS_TEST_ENV } from '../../helpers/doctors.js';
import { createDoctor, createPatient, type TestDoctor } from '../../helpers/factories.js';
import { walkPages } from '../../helpers/pages.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// A public address written as such: the test machine has no DNS for the internet.
const HOOK = 'https://93.184.215.14/ihosi';

function create(t: TestApp, token: string, payload: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(token), payload });
}

/** Subscriptions: who may have them, what they answer, and which URLs they refuse. */
describe('webhook subscriptions', () => {
  let t: TestApp;
  let admin: string;
  let doctor: TestDoctor;
  let other: TestDoctor;

  beforeAll(async () => {
    // The default policy: no private addresses (the URLs below are refused or public).
    t = await startTestApp({ env: DOCTORS_TEST_ENV });
    admin = await adminToken(t);
    doctor = await createDoctor(t);
    other = await createDoctor(t);
  });
  afterAll(() => t.close());

  it('answers 201 with a whsec_ secret shown only then, a doctor-scoped subscription for a doctor and a clinic one for an admin', async () => {
    const created = await create(t, doctor.token, { url: HOOK, events: ['appointment.booked', 'appointment.cancelled'] });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ url: HOOK, events: ['appointment.booked', 'appointment.cancelled'], active: true, scope: 'doctor', disabledAt: null });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const got = await t.request({ method: 'GET', url: `/api/v1/webhooks/${body.id}`, headers: bearer(doctor.token) });
    expect(got.statusCode).toBe(200);
    expect(got.json()).not.toHaveProperty('secret');
    expect(got.body).not.toContain(body.secret);
    const [stored] = await queryRows<{ secret: string }>(t, sql`select secret from webhook_subscriptions where id = ${body.id}`);
    expect(stored!.secret).not.toContain(body.secret.slice(6));

    const clinic = await create(t, admin, { url: HOOK, events: ['doctor.verified'] });
    expect(clinic.statusCode, clinic.body).toBe(201);
    expect(clinic.json().scope).toBe('clinic');
  });

  it('is 403 for patients and 404 for another doctor; admins see every subscription, a doctor only their own', async () => {
    const patient = await createPatient(t);
    expect((await create(t, patient.token, { url: HOOK, events: ['appointment.booked'] })).statusCode).toBe(403);
    const mine = (await create(t, doctor.token, { url: HOOK, events: ['appointment.booked'] })).json();
    for (const [method, url] of [
      ['GET', `/api/v1/webhooks/${mine.id}`],
      ['DELETE', `/api/v1/webhooks/${mine.id}`],
      ['GET', `/api/v1/webhooks/${mine.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${mine.id}/secret/rotate`],
    ] as const) {
      const answer = await t.request({ method, url, headers: bearer(other.token) });
      expect(answer.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await t.request({ method: 'PATCH', url: `/api/v1/webhooks/${mine.id}`, headers: bearer(other.token), payload: { active: false } })).statusCode).toBe(404);

    const othersList = (await t.request({ method: 'GET', url: '/api/v1/webhooks', headers: bearer(other.token) })).json();
    expect(othersList.data.map((w: { id: string }) => w.id)).not.toContain(mine.id);
    const adminList = (await t.request({ method: 'GET', url: '/api/v1/webhooks?limit=100', headers: bearer(admin) })).json();
    expect(adminList.data.map((w: { id: string }) => w.id)).toContain(mine.id);
    expect((await t.request({ method: 'GET', url: `/api/v1/webhooks/${mine.id}`, headers: bearer(admin) })).statusCode).toBe(200);
  });

  it('pages a caller’s subscriptions one at a time in the order of the whole list, and refuses their cursor to anyone else (400)', async () => {
    const owner = await createDoctor(t);
    for (const event of ['appointment.booked', 'appointment.cancelled', 'appointment.rescheduled']) {
      expect((await create(t, owner.token, { url: HOOK, events: [event] })).statusCode).toBe(201);
    }
    const list = (query: string, token = owner.token) => t.request({ method: 'GET', url: `/api/v1/webhooks?${query}`, headers: bearer(token) });
    const whole = (await list('limit=100')).json().data.map((w: { id: string }) => w.id);
    expect(whole).toHaveLength(3);
    expect((await walkPages(t, '/api/v1/webhooks', owner.token, 1)).map((w) => (w as { id: string }).id)).toEqual(whole);
    const { nextCursor } = (await list('limit=1')).json();
    expect((await list(`limit=1&cursor=${encodeURIComponent(nextCursor)}`, other.token)).statusCode).toBe(400);
  });

  it('changes, rotates and deletes a subscription', async () => {
    const mine = (await create(t, doctor.token, { url: HOOK, events: ['appointment.booked'] })).json();
    const patched = await t.request({ method: 'PATCH', url: `/api/v1/webhooks/${mine.id}`, headers: bearer(doctor.token), payload: { events: ['appointment.no_show'], active: false } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ events: ['appointment.no_show'], active: false });

    const rotated = await t.request({ method: 'POST', url: `/api/v1/webhooks/${mine.id}/secret/rotate`, headers: bearer(doctor.token) });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret, previousSecretExpiresAt } = rotated.json();
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(mine.secret);
    const overlapHours = (Date.parse(previousSecretExpiresAt) - Date.now()) / 3_600_000;
    expect(overlapHours).toBeGreaterThan(23.9);
    expect(overlapHours).toBeLessThanOrEqual(24);

    expect((await t.request({ method: 'DELETE', url: `/api/v1/webhooks/${mine.id}`, headers: bearer(doctor.token) })).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: `/api/v1/webhooks/${mine.id}`, headers: bearer(doctor.token) })).statusCode).toBe(404);
    const audit = await queryRows<{ action: string }>(t, sql`select action from audit_events where resource_type = 'webhook' and resource_id = ${mine.id} order by chain_seq`);
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.delete']);
  });

  it('refuses URLs that resolve to loopback, private, link-local or metadata addresses (422), and unknown events or fields (400)', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'https://localhost/hook', 'https://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data', 'https://[::1]/hook', 'https://[::ffff:192.168.1.1]/x']) {
      const answer = await create(t, doctor.token, { url, events: ['appointment.booked'] });
      expect(answer.statusCode, url).toBe(422);
      expect(answer.json().code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    }
    for (const payload of [
      { url: 'ftp://hooks.example.com/x', events: ['appointment.booked'] },
      { url: HOOK, events: ['appointment.exploded'] },
      { url: HOOK, events: [] },
      { url: HOOK, events: ['appointment.booked', 'appointment.booked'] },
      { url: HOOK, events: ['appointment.booked'], secret: 'mine' },
    ]) {
      expect((await create(t, doctor.token, payload)).statusCode, JSON.stringify(payload)).toBe(400);
    }
    const mine = (await create(t, doctor.token, { url: HOOK, events: ['appointment.booked'] })).json();
    const moved = await t.request({ method: 'PATCH', url: `/api/v1/webhooks/${mine.id}`, headers: bearer(doctor.token), payload: { url: 'https://127.0.0.1/x' } });
    expect(moved.json().code).toBe('WEBHOOK_URL_NOT_ALLOWED');
  });

  it('refuses plain http in production', async () => {
    const production = await startTestApp({ env: { NODE_ENV: 'production', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    try {
      const token = await adminToken(production);
      const answer = await create(production, token, { url: 'http://hooks.example.com/x', events: ['doctor.verified'] });
      expect(answer.statusCode).toBe(422);
      expect(answer.json()).toMatchObject({ code: 'WEBHOOK_URL_NOT_ALLOWED', detail: 'The URL must be an https URL.' });
    } finally {
      await production.close();
    }
  });
});
