import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, png, upload } from '../../helpers/uploads.js';
import { bearer, login } from '../../helpers/auth.js';
import { adminToken, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createBookableDoctor, createDoctor, createPatient, patchMe, profile, type BookableDoctor, type TestDoctor, type TestPatient } from '../../helpers/factories.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { nestRoutes } from '../../helpers/routes.js';
import { scheduleId, slotId } from '../../../src/modules/fhir/mapping/fhir-ids.js';
import type { TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const DAY = '2027-03-08';

/** Neither a shared cache nor the browser may keep it, and it carries no validator. */
function expectNotStored(response: Response, what: string): void {
  expect(response.headers['cache-control'], what).toBe('private, no-store');
  expect(response.headers.etag, what).toBeUndefined();
}

describe('responses that no cache may keep', () => {
  let t: TestApp;
  let doctor: BookableDoctor;
  let unpublished: TestDoctor;
  let patient: TestPatient;
  let admin: string;
  let appointmentId: string;
  let webhookId: string;
  let calendarPath: string;
  let documentId: string;
  let photoPath: string;
  let grantId: string;

  beforeAll(async () => {
    t = await startDoctorsTestApp();
    setNow(t, NOW);
    admin = await adminToken(t);
    doctor = await createBookableDoctor(t, { profile: profile() });
    unpublished = await createDoctor(t, { profile: profile({ bio: 'Not yet verified.' }), status: 'pending' });
    patient = await createPatient(t);
    appointmentId = (await bookOk(t, patient.token, doctor, `${DAY}T09:00:00.000Z`)).id;
    const webhook = await t.request({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(doctor.token), payload: { url: 'https://93.184.215.14/hook', events: ['appointment.booked'] } });
    webhookId = webhook.json().id;
    // The patient's private calendar feed: its path carries the token (POST /me/calendar-token).
    const feed = await t.request({ method: 'POST', url: '/api/v1/me/calendar-token', headers: bearer(patient.token) });
    calendarPath = new URL(feed.json().url as string).pathname;
    // One verification document of the doctor's, for the document routes.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('licence '.repeat(40)), Buffer.from('\n%%EOF\n')]);
    // An emergency-access grant of the admin's to the patient's records.
    grantId = (await t.request({ method: 'POST', url: '/api/v1/admin/break-glass', headers: bearer(admin), payload: { patientId: patient.userId, reason: 'Unconscious patient in the emergency room, no relative reachable.' } })).json().id;
    // The doctor's photo, for the photo route.
    const photo = (await upload(t, 'PUT', '/api/v1/doctors/me/photo', doctor.token, multipartBody(await png(), { filename: 'me.png', contentType: 'image/png' }))).json() as { small: string };
    photoPath = photo.small;
    documentId = (await upload(t, 'POST', '/api/v1/doctors/me/documents?kind=licence', doctor.token, multipartBody(pdf, { filename: 'licence.pdf', contentType: 'application/pdf' }))).json().id;
  });
  afterAll(() => t.close());

  /** A concrete URL for a route template, with the ids and query of this test's world. */
  function urlOf(template: string): string {
    const schedule = scheduleId({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId });
    const fhir: Record<string, string> = {
      '/fhir/R4/Schedule': `/fhir/R4/Schedule?actor=Practitioner/${doctor.doctorId}`,
      '/fhir/R4/Schedule/:id': `/fhir/R4/Schedule/${schedule}`,
      '/fhir/R4/Slot': `/fhir/R4/Slot?schedule=${schedule}&start=ge${DAY}&start=lt2027-03-09`,
      '/fhir/R4/Slot/:id': `/fhir/R4/Slot/${slotId({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId }, new Date(`${DAY}T10:00:00Z`))}`,
      '/fhir/R4/Appointment/:id': `/fhir/R4/Appointment/${appointmentId}`,
    };
    if (fhir[template]) return fhir[template];
    if (template === '/api/v1/calendar/:file') return calendarPath;
    if (template === '/api/v1/doctors/:id/photos/:file') return photoPath;
    if (template === '/api/v1/admin/notifications') return `${template}?status=failed`;
    const url = template
      .replace('/appointments/:id', `/appointments/${appointmentId}`)
      .replace('/webhooks/:id', `/webhooks/${webhookId}`)
      .replace(':documentId', documentId)
      .replace('/break-glass/:id', `/break-glass/${grantId}`)
      .replace(/:id\b/g, doctor.doctorId);
    if (!template.endsWith('/slots')) return url;
    return `${url}?${new URLSearchParams({ appointmentTypeId: doctor.typeId, from: DAY, to: DAY })}`;
  }

  it('answers every GET route to every signed-in caller private, no-store, never 304, never with an ETag', async () => {
    const callers = { patient: patient.token, doctor: doctor.token, unpublished: unpublished.token, admin };
    const routes = nestRoutes(t).filter((route) => route.method === 'GET');
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) {
      const statuses: number[] = [];
      for (const [who, token] of Object.entries(callers)) {
        // `*` matches any representation: a route that validated this response would answer 304.
        const response = await t.request({ method: 'GET', url: urlOf(route.url), headers: { ...bearer(token), 'if-none-match': '*' } });
        expectNotStored(response, `${who} GET ${route.url} → ${response.statusCode}`);
        statuses.push(response.statusCode);
      }
      // Successes, not only refusals, were walked: someone may read every route.
      expect(statuses, route.url).toContain(200);
    }
  });

  it('keeps a public route private when a token is sent: the unpublished profile its doctor and admins see', async () => {
    const url = `/api/v1/doctors/${unpublished.doctorId}`;
    expectNotStored(await t.request({ method: 'GET', url }), 'anonymous 404');
    for (const token of [unpublished.token, admin]) {
      const response = await t.request({ method: 'GET', url, headers: bearer(token) });
      expect(response.statusCode).toBe(200);
      expect(response.json().bio).toBe('Not yet verified.');
      expectNotStored(response, 'unpublished profile, signed in');
    }
    // Even where the answer equals the anonymous one, and even for a token that is not valid.
    const published = `/api/v1/doctors/${doctor.doctorId}`;
    expect((await t.request({ method: 'GET', url: published })).headers.etag).toBeDefined();
    expectNotStored(await t.request({ method: 'GET', url: published, headers: bearer(patient.token) }), 'patient');
    expectNotStored(await t.request({ method: 'GET', url: published, headers: bearer('not.a.token') }), 'invalid token');
    expectNotStored(await t.request({ method: 'HEAD', url: published, headers: bearer(patient.token) }), 'HEAD with a token');
  });

  it('answers writes and sign-ins private, no-store', async () => {
    const patched = await patchMe(t, doctor.token, { bio: 'Edited.' });
    expect(patched.statusCode).toBe(200);
    expectNotStored(patched, 'PATCH /doctors/me');
    const signIn = await login(t, doctor.email, doctor.password);
    expect(signIn.statusCode).toBe(200);
    expectNotStored(signIn, 'POST /auth/login');
  });

  it('lets no cache keep an error, signed in or not', async () => {
    const anonymous: [string, number][] = [
      ['/api/v1/doctors/00000000-0000-4000-8000-000000000000', 404],
      [`/api/v1/doctors/${doctor.doctorId}/slots?from=${DAY}`, 400],
      ['/api/v1/auth/me', 401],
      ['/api/v1/no-such-thing', 404],
    ];
    for (const [url, status] of anonymous) {
      const response = await t.request({ method: 'GET', url, headers: { 'if-none-match': '*' } });
      expect(response.statusCode, url).toBe(status);
      expectNotStored(response, url);
    }
    const refused = await t.request({ method: 'GET', url: '/api/v1/admin/doctors', headers: bearer(patient.token) });
    expect(refused.statusCode).toBe(403);
    expectNotStored(refused, 'signed-in 403');
    const wrongMethod = await t.request({ method: 'DELETE', url: '/api/v1/specialties' });
    expect(wrongMethod.statusCode).toBe(405);
    expectNotStored(wrongMethod, '405');
  });
});
