import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminAccounts } from '../../src/modules/auth/admin-accounts.service.js';
import { bearer, registerUser, strongPassword } from '../helpers/auth.js';
import { queryRows } from '../helpers/db.js';
import { createBookableDoctor, type BookableDoctor, type TestPatient } from '../helpers/factories.js';
import { expectProblem } from '../helpers/http.js';
import { adminAccessToken } from '../helpers/mfa.js';
import { walkPages } from '../helpers/pages.js';
import { bookOk, createPatient, slotStarts } from '../helpers/scheduling.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const ADMIN = { email: 'glass.admin@example.com', password: strongPassword() };
const OTHER_ADMIN = { email: 'glass.reviewer@example.com', password: strongPassword() };
const REASON = 'Patient unconscious in A&E; the treating team needs the visit history now.';

interface Entry {
  at: string;
  who: { id: string | null; role: string | null; name: string | null };
  action: string;
  what: { type: string; id: string };
  why: string | null;
  breakGlass: boolean;
}

describe('emergency access ("break glass") and the patient access log', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: string;
  let otherAdmin: string;
  let doctor: BookableDoctor;
  let patient: TestPatient;
  let appointmentId: string;

  const requestGrant = (payload: Record<string, unknown>, token = admin) => t.request({ method: 'POST', url: '/api/v1/admin/break-glass', headers: bearer(token), payload });
  const records = (grantId: string, token = admin) => t.request({ method: 'GET', url: `/api/v1/admin/break-glass/${grantId}/records`, headers: bearer(token) });
  const accessLog = (token: string) => t.request({ method: 'GET', url: '/api/v1/me/access-log', headers: bearer(token) });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'iHosi <no-reply@ihosi.test>' } });
    await t.app.get(AdminAccounts).ensure(OTHER_ADMIN.email, OTHER_ADMIN.password, 'cli');
    admin = await adminAccessToken(t, ADMIN.email, ADMIN.password);
    otherAdmin = await adminAccessToken(t, OTHER_ADMIN.email, OTHER_ADMIN.password);
    doctor = await createBookableDoctor(t, { fullName: 'Dr Amina Otieno' });
    patient = await createPatient(t, 'Wanjiru Kamau');
    await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(patient.token), payload: { phone: '+254700000001', dateOfBirth: '1980-05-04' } });
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const [start] = await slotStarts(t, doctor, day);
    appointmentId = (await bookOk(t, patient.token, doctor, start!, 'Chest pain on exertion')).id;
    // The doctor reads the visit: the patient will see it.
    expect((await t.request({ method: 'GET', url: `/api/v1/appointments/${appointmentId}`, headers: bearer(doctor.token) })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('refuses a reason under 20 characters, and anyone but a patient', async () => {
    expectProblem(await requestGrant({ patientId: patient.userId, reason: 'just looking' }), 400, 'VALIDATION_FAILED');
    expectProblem(await requestGrant({ patientId: patient.userId, reason: `${' '.repeat(30)}short` }), 400, 'VALIDATION_FAILED');
    expectProblem(await requestGrant({ patientId: doctor.userId, reason: REASON }), 404, 'NOT_FOUND');
    expectProblem(await requestGrant({ patientId: '00000000-0000-4000-8000-000000000000', reason: REASON }), 404, 'NOT_FOUND');
    expectProblem(await requestGrant({ patientId: patient.userId, reason: REASON }, patient.token), 403, 'FORBIDDEN');
  });

  it('grants 30 minutes, tells the other admins, and lets the grant holder read the records, each read audited with the reason', async () => {
    const before = smtp.received.length;
    const granted = await requestGrant({ patientId: patient.userId, reason: REASON });
    expect(granted.statusCode, granted.body).toBe(201);
    const grant = granted.json();
    expect(grant).toMatchObject({ patientId: patient.userId, patientName: 'Wanjiru Kamau', reason: REASON, active: true });
    const minutes = (Date.parse(grant.expiresAt) - Date.parse(grant.createdAt)) / 60_000;
    expect(minutes).toBe(30);

    // Every other admin is e-mailed; the one who asked is not; no patient name or reason in the mail.
    const mails = smtp.received.slice(before);
    expect(mails.map((m) => m.envelope.to.join(','))).toEqual([OTHER_ADMIN.email]);
    expect(mails[0]!.text).toContain(grant.id);
    expect(mails[0]!.text).not.toContain('Wanjiru');
    expect(mails[0]!.text).not.toContain('unconscious');

    const read = await records(grant.id);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().patient).toMatchObject({ id: patient.userId, fullName: 'Wanjiru Kamau', phone: '+254700000001', dateOfBirth: '1980-05-04' });
    expect(read.json().appointments).toEqual([expect.objectContaining({ id: appointmentId, doctorName: 'Dr Amina Otieno', reason: 'Chest pain on exertion' })]);
    await records(grant.id);
    const rows = await queryRows<{ reason: string; grant: string }>(
      t,
      sql`select details->>'reason' as reason, details->>'breakGlassGrantId' as grant from audit_events where action = 'patient.records.read' and outcome = 'success' and resource_id = ${patient.userId}`,
    );
    expect(rows).toEqual([{ reason: REASON, grant: grant.id }, { reason: REASON, grant: grant.id }]);

    // Only its holder, only while it lasts.
    expectProblem(await records(grant.id, otherAdmin), 404, 'NOT_FOUND');
    await queryRows(t, sql`update break_glass_grants set expires_at = now() - interval '1 second' where id = ${grant.id}`);
    expectProblem(await records(grant.id), 404, 'NOT_FOUND');

    // Listed for review, with its reason, no longer active.
    const list = await t.request({ method: 'GET', url: '/api/v1/admin/break-glass?limit=10', headers: bearer(otherAdmin) });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data).toEqual(expect.arrayContaining([expect.objectContaining({ id: grant.id, adminName: 'Administrator', reason: REASON, active: false })]));
  });

  it("shows the patient who looked: the doctor's read and the emergency reads with their reason, not the patient's own", async () => {
    const response = await accessLog(patient.token);
    expect(response.statusCode, response.body).toBe(200);
    const entries = response.json().data as Entry[];
    expect(entries.find((e) => e.action === 'appointment.read')).toMatchObject({ who: { id: doctor.userId, role: 'doctor', name: 'Dr Amina Otieno' }, what: { type: 'appointment', id: appointmentId }, why: null, breakGlass: false });
    const emergency = entries.filter((e) => e.action === 'patient.records.read');
    expect(emergency.length).toBeGreaterThanOrEqual(2);
    expect(emergency[0]).toMatchObject({ who: { role: 'admin', name: 'Administrator' }, what: { type: 'patient', id: patient.userId }, why: REASON, breakGlass: true });
    expect(entries.every((e) => e.who.id !== patient.userId)).toBe(true);
    // Newest first.
    expect([...entries].sort((a, b) => b.at.localeCompare(a.at)).map((e) => e.at)).toEqual(entries.map((e) => e.at));

    const stranger = await registerUser(t);
    expect((await accessLog(stranger.accessToken)).json().data).toEqual([]);
    expectProblem(await accessLog(doctor.token), 403, 'FORBIDDEN');
  });

  it('pages the access log and the grants one entry at a time, in the order of the whole list; a cursor is the reader’s own', async () => {
    // A second grant, so the review list has more than one page.
    expect((await requestGrant({ patientId: patient.userId, reason: REASON }, otherAdmin)).statusCode).toBe(201);
    const get = (url: string, token: string) => t.request({ method: 'GET', url, headers: bearer(token) });
    for (const [path, token] of [['/api/v1/me/access-log', patient.token], ['/api/v1/admin/break-glass', otherAdmin]] as const) {
      const whole = (await get(`${path}?limit=100`, token)).json().data;
      expect(whole.length).toBeGreaterThanOrEqual(2);
      expect(await walkPages(t, path, token, 1)).toEqual(whole);
    }
    const first = (await get('/api/v1/me/access-log?limit=1', patient.token)).json();
    const stranger = await registerUser(t);
    expectProblem(await get(`/api/v1/me/access-log?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`, stranger.accessToken), 400, 'VALIDATION_FAILED');
  });
});
