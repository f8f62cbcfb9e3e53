import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { adminToken, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createDoctor, patchMe, profile, verify } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import type { TestApp } from '../../helpers/test-app.js';

describe('doctor profiles', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
  });
  afterAll(() => t.close());

  const getMe = (token: string) => t.request({ method: 'GET', url: '/api/v1/doctors/me', headers: bearer(token) });

  it('exists from registration as a pending profile with the account’s name', async () => {
    const doctor = await registerUser(t, { role: 'doctor', fullName: 'Amina Okafor' });
    const response = await getMe(doctor.accessToken);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id: expect.any(String),
      userId: doctor.user.id,
      fullName: 'Amina Okafor',
      bio: '',
      specialties: [],
      qualifications: [],
      licenseNumber: null,
      yearsOfExperience: null,
      languages: [],
      consultationFee: null,
      consultationModes: [],
      locations: [],
      insurancePlans: [],
      photo: null,
      timezone: 'UTC',
      verificationStatus: 'pending',
      verificationNote: null,
      verifiedAt: null,
      changedSinceDecision: [],
      verificationDocumentCount: 0,
      rating: { average: 0, count: 0 },
    });
  });

  it('is only for doctors: patients get 403, anonymous callers 401', async () => {
    const patient = await registerUser(t, { role: 'patient' });
    expectProblem(await getMe(patient.accessToken), 403, 'FORBIDDEN');
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/doctors/me' }), 401, 'UNAUTHENTICATED');
    expectProblem(await patchMe(t, patient.accessToken, { bio: 'x' }), 403, 'FORBIDDEN');
  });

  it('stores every field of PATCH and returns the whole profile, lists in the given order', async () => {
    const doctor = await registerUser(t, { role: 'doctor', fullName: 'Kwame Mensah' });
    const body = profile({
      specialties: ['pediatrics', 'cardiology'],
      qualifications: [
        { degree: 'MBChB', institution: 'University of Ghana', year: 2005 },
        { degree: 'FWACP', institution: 'West African College of Physicians', year: 2012 },
      ],
      timezone: 'africa/accra',
      locations: [
        { name: 'Ridge Clinic', address: '2 Castle Rd', city: 'Accra', country: 'GH' },
        { name: 'Kumasi Annex', address: '5 Prempeh St', city: 'Kumasi', country: 'GH' },
      ],
    });
    const response = await patchMe(t, doctor.accessToken, body);
    expect(response.statusCode, response.body).toBe(200);
    const saved = response.json();
    expect(saved).toMatchObject({
      fullName: 'Kwame Mensah',
      bio: body.bio,
      specialties: [
        { code: 'pediatrics', name: 'Pediatrics' },
        { code: 'cardiology', name: 'Cardiology' },
      ],
      qualifications: body.qualifications,
      licenseNumber: 'KMPDC-12345',
      yearsOfExperience: 12,
      languages: ['en', 'sw'],
      consultationFee: { amount: 5000, currency: 'KES' },
      consultationModes: ['in_person', 'video'],
      timezone: 'Africa/Accra',
      verificationStatus: 'pending',
    });
    expect(saved.locations.map((l: { city: string }) => l.city)).toEqual(['Accra', 'Kumasi']);
    expect(saved.locations[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await getMe(doctor.accessToken)).json()).toEqual(saved);
  });

  it('changes only the fields sent, and replaces a list when it is sent', async () => {
    const doctor = await registerUser(t, { role: 'doctor' });
    await patchMe(t, doctor.accessToken, profile());
    const response = await patchMe(t, doctor.accessToken, { bio: 'New bio', locations: [] , consultationFee: null });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ bio: 'New bio', locations: [], consultationFee: null, specialties: [{ code: 'cardiology' }], languages: ['en', 'sw'] });
  });

  describe('validation (400 VALIDATION_FAILED naming the field)', () => {
    let token: string;
    beforeAll(async () => {
      token = (await registerUser(t, { role: 'doctor' })).accessToken;
    });
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown specialty code', { specialties: ['cardiology', 'wizardry'] }, 'specialties.1'],
      ['a badly formed specialty code', { specialties: ['Cardiology!'] }, 'specialties.0'],
      ['a repeated specialty', { specialties: ['cardiology', 'cardiology'] }, 'specialties'],
      ['more than 10 specialties', { specialties: ['cardiology', 'dermatology', 'neurology', 'oncology', 'urology', 'pediatrics', 'psychiatry', 'radiology', 'pathology', 'nephrology', 'geriatrics'] }, 'specialties'],
      ['a negative fee', { consultationFee: { amount: -1, currency: 'EUR' } }, 'consultationFee.amount'],
      ['an absurd fee', { consultationFee: { amount: 10_000_001, currency: 'EUR' } }, 'consultationFee.amount'],
      ['a fractional fee', { consultationFee: { amount: 10.5, currency: 'EUR' } }, 'consultationFee.amount'],
      ['an unknown currency', { consultationFee: { amount: 100, currency: 'EUX' } }, 'consultationFee.currency'],
      ['a lower-case currency', { consultationFee: { amount: 100, currency: 'eur' } }, 'consultationFee.currency'],
      ['an unknown language', { languages: ['en', 'xx'] }, 'languages.1'],
      ['a three-letter language', { languages: ['eng'] }, 'languages.0'],
      ['more than 20 languages', { languages: ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'fi', 'no', 'pl', 'cs', 'sk', 'hu', 'ro', 'bg', 'el', 'tr', 'ru', 'uk'] }, 'languages'],
      ['a bio over 5,000 characters', { bio: 'a'.repeat(5001) }, 'bio'],
      ['more than 20 locations', { locations: Array.from({ length: 21 }, (_, i) => ({ name: `L${i}`, address: 'x', city: 'Lagos', country: 'NG' })) }, 'locations'],
      ['a location with an unknown country', { locations: [{ name: 'L', address: 'x', city: 'Lagos', country: 'XX' }] }, 'locations.0.country'],
      ['more than 30 qualifications', { qualifications: Array.from({ length: 31 }, () => ({ degree: 'MD', institution: 'U', year: 2000 })) }, 'qualifications'],
      ['a qualification from the future', { qualifications: [{ degree: 'MD', institution: 'U', year: 3000 }] }, 'qualifications.0.year'],
      ['an unknown consultation mode', { consultationModes: ['telepathy'] }, 'consultationModes.0'],
      ['negative experience', { yearsOfExperience: -1 }, 'yearsOfExperience'],
      ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      ['an unknown field', { rating: 5 }, 'rating'],
      ['an attempt to verify oneself', { verificationStatus: 'verified' }, 'verificationStatus'],
      ['an unknown field inside a location', { locations: [{ name: 'L', address: 'x', city: 'Lagos', country: 'NG', lat: 1 }] }, 'locations.0.lat'],
    ];
    it.each(cases)('refuses %s', async (_name, payload, field) => {
      const body = expectProblem(await patchMe(t, token, payload), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('names the unknown specialty code in the message', async () => {
      const body = expectProblem(await patchMe(t, token, { specialties: ['wizardry'] }), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field: 'specialties.0', message: expect.stringContaining('"wizardry"') }]);
    });

    it('changes nothing when any field is invalid', async () => {
      await patchMe(t, token, { bio: 'kept' });
      expectProblem(await patchMe(t, token, { bio: 'lost', specialties: ['wizardry'] }), 400, 'VALIDATION_FAILED');
      expect((await getMe(token)).json().bio).toBe('kept');
    });

    it('accepts the limits themselves', async () => {
      const response = await patchMe(t, token, { bio: 'b'.repeat(5000), consultationFee: { amount: 10_000_000, currency: 'JPY' }, yearsOfExperience: 0 });
      expect(response.statusCode, response.body).toBe(200);
    });
  });

  describe('visibility', () => {
    let pending: Awaited<ReturnType<typeof createDoctor>>;
    let verified: Awaited<ReturnType<typeof createDoctor>>;
    let patient: string;
    let otherDoctor: string;
    beforeAll(async () => {
      pending = await createDoctor(t, { admin, profile: profile(), status: 'pending' });
      verified = await createDoctor(t, { admin, profile: profile() });
      patient = (await registerUser(t, { role: 'patient' })).accessToken;
      otherDoctor = (await registerUser(t, { role: 'doctor' })).accessToken;
    });
    const get = (id: string, token?: string) => t.request({ method: 'GET', url: `/api/v1/doctors/${id}`, headers: token ? bearer(token) : {} });

    it('shows a verified doctor to anyone, without the licence number', async () => {
      for (const token of [undefined, patient, otherDoctor]) {
        const response = await get(verified.doctorId, token);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ id: verified.doctorId, verificationStatus: 'verified' });
        expect(response.json()).not.toHaveProperty('licenseNumber');
        expect(response.body).not.toContain('KMPDC-12345');
      }
    });

    it('shows the licence number to the doctor and to admins', async () => {
      for (const token of [verified.token, admin]) {
        expect((await get(verified.doctorId, token)).json()).toMatchObject({ licenseNumber: 'KMPDC-12345' });
      }
    });

    it('hides an unverified doctor (404) from anonymous callers, patients and other doctors', async () => {
      for (const token of [undefined, patient, otherDoctor]) expectProblem(await get(pending.doctorId, token), 404, 'NOT_FOUND');
      expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/${pending.doctorId}/reviews` }), 404, 'NOT_FOUND');
    });

    it('shows an unverified doctor to themself and to admins', async () => {
      for (const token of [pending.token, admin]) {
        const response = await get(pending.doctorId, token);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ verificationStatus: 'pending', licenseNumber: 'KMPDC-12345' });
      }
    });

    it('hides a rejected doctor like a pending one', async () => {
      const rejected = await createDoctor(t, { admin, profile: profile(), status: 'rejected' });
      expectProblem(await get(rejected.doctorId), 404, 'NOT_FOUND');
      expect((await get(rejected.doctorId, rejected.token)).statusCode).toBe(200);
    });

    it('answers 404 for an unknown id and for an id that is not a UUID', async () => {
      expectProblem(await get('6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11'), 404, 'NOT_FOUND');
      expectProblem(await get('not-a-uuid'), 404, 'NOT_FOUND');
      expectProblem(await get("1' or '1'='1"), 404, 'NOT_FOUND');
    });
  });

  describe('verification', () => {
    it('lists pending doctors to admins (full profiles, oldest first) and refuses others', async () => {
      const a = await createDoctor(t, { admin, profile: profile(), status: 'pending' });
      const b = await createDoctor(t, { admin, profile: profile(), status: 'pending' });
      const response = await t.request({ method: 'GET', url: '/api/v1/admin/doctors?status=pending&limit=100', headers: bearer(admin) });
      expect(response.statusCode, response.body).toBe(200);
      const ids = response.json().data.map((d: { id: string }) => d.id);
      expect(ids).toContain(a.doctorId);
      expect(ids.indexOf(b.doctorId)).toBeGreaterThan(ids.indexOf(a.doctorId));
      expect(response.json().data.every((d: { verificationStatus: string }) => d.verificationStatus === 'pending')).toBe(true);
      expect(response.json().data[0]).toHaveProperty('licenseNumber');
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/admin/doctors', headers: bearer(a.token) }), 403, 'FORBIDDEN');
      expectProblem(await verify(t, a.token, a.doctorId), 403, 'FORBIDDEN');
    });

    it('pages through the admin list with a cursor', async () => {
      for (let i = 0; i < 3; i++) await createDoctor(t, { admin, profile: profile(), status: 'rejected' });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/admin/doctors?status=rejected&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await t.request({ method: 'GET', url, headers: bearer(admin) })).json();
        seen.push(...page.data.map((d: { id: string }) => d.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('records the decision with who and when, and writes it to the audit trail', async () => {
      const doctor = await createDoctor(t, { admin, profile: profile(), status: 'pending' });
      const response = await verify(t, admin, doctor.doctorId, 'rejected', 'Licence number could not be confirmed');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ verificationStatus: 'rejected', verificationNote: 'Licence number could not be confirmed', verifiedAt: expect.stringMatching(/Z$/) });
      const [row] = await queryRows<{ verified_by: string }>(t, sql`select verified_by from doctors where id = ${doctor.doctorId}`);
      const [adminUser] = await queryRows<{ id: string }>(t, sql`select id from users where role = 'admin'`);
      expect(row!.verified_by).toBe(adminUser!.id);
      const audit = await queryRows<{ actor_id: string; actor_role: string; resource_type: string; resource_id: string; outcome: string; details: unknown; request_id: string }>(
        t,
        sql`select * from audit_events where action = 'doctor.verification' and resource_id = ${doctor.doctorId}`,
      );
      expect(audit).toEqual([
        expect.objectContaining({
          actor_id: adminUser!.id,
          actor_role: 'admin',
          resource_type: 'doctor',
          outcome: 'success',
          details: { decision: 'rejected', note: 'Licence number could not be confirmed' },
          request_id: response.headers['x-request-id'],
        }),
      ]);
    });

    it('validates the decision and answers 404 for unknown doctors', async () => {
      const doctor = await createDoctor(t, { admin, profile: profile(), status: 'pending' });
      expectProblem(await t.request({ method: 'PATCH', url: `/api/v1/admin/doctors/${doctor.doctorId}/verification`, headers: bearer(admin), payload: { status: 'pending' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.request({ method: 'PATCH', url: `/api/v1/admin/doctors/${doctor.doctorId}/verification`, headers: bearer(admin), payload: { status: 'verified', extra: 1 } }), 400, 'VALIDATION_FAILED');
      expectProblem(await verify(t, admin, '6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11'), 404, 'NOT_FOUND');
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/admin/doctors?status=approved', headers: bearer(admin) }), 400, 'VALIDATION_FAILED');
    });

    it('sends a verified doctor back to pending when the licence number changes', async () => {
      const doctor = await createDoctor(t, { admin, profile: profile() });
      const same = await patchMe(t, doctor.token, { licenseNumber: 'KMPDC-12345', bio: 'Same licence' });
      expect(same.json().verificationStatus).toBe('verified');
      const changed = await patchMe(t, doctor.token, { licenseNumber: 'KMPDC-99999' });
      expect(changed.json()).toMatchObject({ verificationStatus: 'pending', verifiedAt: null });
      expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` }), 404, 'NOT_FOUND');
    });
  });
});
