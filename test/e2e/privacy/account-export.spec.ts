import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type BookableDoctor, type TestPatient } from '../../helpers/factories.js';
import { expectValidFhir, type FhirJson } from '../../helpers/fhir.js';
import { exportMe } from '../../helpers/privacy.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('GET /api/v1/me/export', () => {
  let t: TestApp;
  let doctor: BookableDoctor;
  let patient: TestPatient;
  let other: TestPatient;
  let appointmentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    doctor = await createBookableDoctor(t);
    const type = await t.request({
      method: 'POST',
      url: '/api/v1/doctors/me/appointment-types',
      headers: bearer(doctor.token),
      payload: { name: 'First visit', durationMinutes: 30, mode: 'in_person', intakeQuestions: [{ text: 'Do you take blood thinners?', kind: 'yes_no', required: true }, { text: 'Since when?', kind: 'text' }] },
    });
    expect(type.statusCode, type.body).toBe(201);
    const questions = type.json().intakeQuestions as { id: string }[];
    patient = await createPatient(t, 'Erin Export');
    other = await createPatient(t, 'Olga Other');
    const profile = await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(patient.token), payload: { phone: '+4930555123', dateOfBirth: '1980-05-17' } });
    expect(profile.statusCode, profile.body).toBe(200);
    const device = await t.request({ method: 'POST', url: '/api/v1/me/devices', headers: bearer(patient.token), payload: { platform: 'android', token: `fcm-export-${'e'.repeat(40)}` } });
    expect(device.statusCode, device.body).toBe(201);
    setNow(t, '2027-03-01T08:00:00.000Z');
    const booked = await t.request({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: bearer(patient.token),
      payload: { doctorId: doctor.doctorId, appointmentTypeId: type.json().id, start: '2027-03-08T09:00:00.000Z', reason: 'Palpitations at night', intakeAnswers: [{ questionId: questions[0]!.id, answer: true }, { questionId: questions[1]!.id, answer: 'Since 2019' }] },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    appointmentId = booked.json().id as string;
    // Someone else's visit with the same doctor: never in this patient's export.
    await bookOk(t, other.token, doctor, '2027-03-09T09:00:00.000Z', 'Other person’s secret reason');
    // The doctor reads the visit: the patient's access log shows it.
    expect((await t.request({ method: 'GET', url: `/api/v1/appointments/${appointmentId}`, headers: bearer(doctor.token) })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers everything held about the caller as JSON: account with PHI, appointments with reasons and intake, devices without tokens, access log', async () => {
    const response = await exportMe(t, patient.token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body.account).toMatchObject({ id: patient.userId, email: patient.email, fullName: 'Erin Export', role: 'patient', phone: '+4930555123', dateOfBirth: '1980-05-17' });
    expect(body.secondFactorEnrolled).toBe(false);
    expect(body.appointments).toHaveLength(1);
    expect(body.appointments[0]).toMatchObject({ id: appointmentId, reason: 'Palpitations at night', intakeAnswers: [{ answer: true }, { answer: 'Since 2019' }] });
    expect(body.devices).toEqual([expect.objectContaining({ platform: 'android' })]);
    expect(JSON.stringify(body.devices)).not.toContain('fcm-export');
    expect(body.accessLog).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'appointment.read', what: { type: 'appointment', id: appointmentId }, who: expect.objectContaining({ role: 'doctor' }) })]));
    expect(body).toHaveProperty('reviews', []);
    expect(body).toHaveProperty('waitlist', []);
    expect(body.doctorProfile).toBeNull();
  });

  it('holds nothing of other users', async () => {
    const text = (await exportMe(t, patient.token)).body;
    expect(text).not.toContain(other.userId);
    expect(text).not.toContain(other.email);
    expect(text).not.toContain('Olga Other');
    expect(text).not.toContain('Other person’s secret reason');
    const theirs = (await exportMe(t, other.token)).json();
    expect(theirs.account.id).toBe(other.userId);
    expect(JSON.stringify(theirs)).not.toContain('Palpitations');
  });

  it('answers a FHIR R4 collection Bundle with format=fhir: Patient, Appointment, QuestionnaireResponse, valid by the official schema', async () => {
    const response = await exportMe(t, patient.token, '?format=fhir');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = response.json() as FhirJson;
    expectValidFhir(bundle);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const resources = (bundle.entry as { resource: FhirJson }[]).map((e) => e.resource);
    expect(resources.map((r) => r.resourceType)).toEqual(['Patient', 'Appointment', 'QuestionnaireResponse']);
    expect(resources[0]).toMatchObject({ id: patient.userId, birthDate: '1980-05-17', name: [{ text: 'Erin Export' }] });
    expect(resources[0]!.telecom).toEqual(expect.arrayContaining([{ system: 'phone', value: '+4930555123' }]));
    expect(resources[1]).toMatchObject({ id: appointmentId, comment: 'Palpitations at night' });
    expect(resources[2]).toMatchObject({ status: 'completed', identifier: { value: appointmentId }, item: [{ answer: [{ valueBoolean: true }] }, { answer: [{ valueString: 'Since 2019' }] }] });
    for (const resource of resources) expectValidFhir(resource);
  });

  it('is audited as an access, and refuses a caller who is not signed in', async () => {
    const [before] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from audit_events where action = 'account.export' and actor_id = ${patient.userId}`);
    expect((await exportMe(t, patient.token)).statusCode).toBe(200);
    const [after] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from audit_events where action = 'account.export' and actor_id = ${patient.userId}`);
    expect(after!.n).toBe(before!.n + 1);
    expect((await t.request({ method: 'GET', url: '/api/v1/me/export' })).statusCode).toBe(401);
    expect((await exportMe(t, patient.token, '?format=xml')).statusCode).toBe(400);
  });

  it('gives a doctor their own account and profile, and none of their patients', async () => {
    const body = (await exportMe(t, doctor.token)).json();
    expect(body.account).toMatchObject({ id: doctor.userId, role: 'doctor' });
    expect(body.doctorProfile).toMatchObject({ id: doctor.doctorId });
    expect(body.appointments).toEqual([]);
    expect(JSON.stringify(body)).not.toContain('Palpitations');
    expectValidFhir((await exportMe(t, doctor.token, '?format=fhir')).json());
  });
});

describe('GET /api/v1/me/export with terms in force', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TERMS_VERSION: '2026-11' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Signs a user up, accepts the terms in force, and records an earlier acceptance of an older version. */
  async function withTwoAcceptances(role: 'patient' | 'doctor') {
    const user = await registerUser(t, { role });
    const accepted = await t.request({ method: 'POST', url: '/api/v1/me/consents', headers: bearer(user.accessToken), payload: { termsVersion: '2026-11' } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    await queryRows(t, sql`insert into consents (user_id, version, accepted_at) values (${user.user.id}, '2025-01', '2025-01-10T09:00:00.000Z')`);
    return user;
  }

  it('lists every acceptance of the terms, newest first, as GET /me/consents does', async () => {
    const patient = await withTwoAcceptances('patient');
    const body = (await exportMe(t, patient.accessToken)).json();
    const history = (await t.request({ method: 'GET', url: '/api/v1/me/consents', headers: bearer(patient.accessToken) })).json().history;
    expect(body.consents).toEqual([
      { termsVersion: '2026-11', acceptedAt: expect.any(String) },
      { termsVersion: '2025-01', acceptedAt: '2025-01-10T09:00:00.000Z' },
    ]);
    expect(body.consents).toEqual(history);
  });

  it('gives a patient’s acceptances as FHIR Consent resources, the newest active, valid by the official schema', async () => {
    const patient = await withTwoAcceptances('patient');
    const bundle = (await exportMe(t, patient.accessToken, '?format=fhir')).json() as FhirJson;
    expectValidFhir(bundle);
    const consents = (bundle.entry as { resource: FhirJson }[]).map((e) => e.resource).filter((r) => r.resourceType === 'Consent');
    expect(consents).toEqual([
      expect.objectContaining({ status: 'active', patient: { reference: `urn:uuid:${patient.user.id}` }, policy: [{ uri: 'urn:ihosi:terms:2026-11' }] }),
      expect.objectContaining({ status: 'inactive', dateTime: '2025-01-10T09:00:00.000Z', policy: [{ uri: 'urn:ihosi:terms:2025-01' }] }),
    ]);
    for (const consent of consents) {
      expectValidFhir(consent);
      expect(consent).toMatchObject({ scope: { coding: [{ code: 'patient-privacy' }] }, category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }] });
    }
  });

  it('keeps a doctor’s acceptances in the JSON export only: a FHIR Consent names a Patient', async () => {
    const doctor = await withTwoAcceptances('doctor');
    expect((await exportMe(t, doctor.accessToken)).json().consents.map((c: { termsVersion: string }) => c.termsVersion)).toEqual(['2026-11', '2025-01']);
    const bundle = (await exportMe(t, doctor.accessToken, '?format=fhir')).json() as FhirJson;
    expectValidFhir(bundle);
    expect((bundle.entry as { resource: FhirJson }[]).map((e) => e.resource.resourceType)).toEqual(['Person']);
  });
});
