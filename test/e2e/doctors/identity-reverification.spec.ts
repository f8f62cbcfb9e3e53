import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { adminToken, search, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createDoctor, patchMe, profile, verify, type DoctorOptions, type TestDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { setNow } from '../../helpers/scheduling.js';
import type { TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const city = () => `Idtown-${randomBytes(4).toString('hex')}`;

describe('a verified doctor who changes identity goes back to pending', () => {
  let t: TestApp;
  let admin: string;
  /** A verified doctor with a complete profile, unless the test says otherwise. */
  const makeDoctor = (options: DoctorOptions = {}) => createDoctor(t, { admin, fullName: 'Test Doctor', profile: profile(), ...options });
  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  const getDoctor = (id: string) => t.request({ method: 'GET', url: `/api/v1/doctors/${id}` });
  const getMine = async (doctor: TestDoctor) => (await t.request({ method: 'GET', url: '/api/v1/doctors/me', headers: bearer(doctor.token) })).json();
  const renameThroughAuth = (doctor: TestDoctor, fullName: string) =>
    t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(doctor.token), payload: { fullName } });
  const decide = (doctorId: string, payload: Record<string, unknown>) =>
    t.request({ method: 'PATCH', url: `/api/v1/admin/doctors/${doctorId}/verification`, headers: bearer(admin), payload });

  /** A verified doctor with hours on Mondays and one appointment type, listed in a city of its own. */
  async function bookableDoctor(): Promise<TestDoctor & { city: string; typeId: string }> {
    const where = city();
    const doctor = await makeDoctor({ fullName: 'Amina Okafor', profile: profile({ locations: [{ name: 'C', address: 'A', city: where, country: 'KE' }] }) });
    const hours = await t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', headers: bearer(doctor.token), payload: { timezone: 'UTC', weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] } });
    expect(hours.statusCode, hours.body).toBe(200);
    const type = await t.request({ method: 'POST', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token), payload: { name: 'Visit', durationMinutes: 30, mode: 'video' } });
    expect(type.statusCode, type.body).toBe(201);
    return { ...doctor, city: where, typeId: type.json().id as string };
  }

  it('on a rename through PATCH /auth/me: hidden at once from profile, search, slots and booking; the doctor sees why', async () => {
    const doctor = await bookableDoctor();
    const slots = () => t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/slots?appointmentTypeId=${doctor.typeId}&from=2027-03-08&to=2027-03-08` });
    // Warm every cache first: what was cached must not outlive the rename.
    expect((await getDoctor(doctor.doctorId)).statusCode).toBe(200);
    expect((await search(t, { city: doctor.city })).data.map((d) => d.id)).toEqual([doctor.doctorId]);
    expect((await slots()).statusCode).toBe(200);

    const renamed = await renameThroughAuth(doctor, 'Dr. Famous Surgeon (Mayo Clinic)');
    expect(renamed.statusCode, renamed.body).toBe(200);

    expectProblem(await getDoctor(doctor.doctorId), 404, 'NOT_FOUND');
    expect((await search(t, { city: doctor.city })).data).toEqual([]);
    expect((await search(t, { q: 'Famous Surgeon' })).data.map((d) => d.id)).not.toContain(doctor.doctorId);
    expectProblem(await slots(), 404, 'NOT_FOUND');
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews` }), 404, 'NOT_FOUND');
    const patient = await registerUser(t, { role: 'patient' });
    const booking = await t.request({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: bearer(patient.accessToken),
      payload: { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08T09:00:00.000Z' },
    });
    expectProblem(booking, 404, 'NOT_FOUND');
    expect(await getMine(doctor)).toMatchObject({ fullName: 'Dr. Famous Surgeon (Mayo Clinic)', verificationStatus: 'pending', verifiedAt: null, changedSinceDecision: ['fullName'] });
    const queue = await t.request({ method: 'GET', url: '/api/v1/admin/doctors?status=pending&limit=100', headers: bearer(admin) });
    expect(queue.json().data.find((d: { id: string }) => d.id === doctor.doctorId)).toMatchObject({ changedSinceDecision: ['fullName'] });

    // An admin verifies the new name: public again, and the reason is gone.
    expect((await verify(t, admin, doctor.doctorId)).json()).toMatchObject({ verificationStatus: 'verified', changedSinceDecision: [] });
    expect((await getDoctor(doctor.doctorId)).json()).toMatchObject({ fullName: 'Dr. Famous Surgeon (Mayo Clinic)', verificationStatus: 'verified' });
    expect((await getDoctor(doctor.doctorId)).json()).not.toHaveProperty('changedSinceDecision');
    expect((await slots()).statusCode).toBe(200);
  });

  it('on new qualifications, also added ones; not when the same ones are sent again in another order', async () => {
    const two = [
      { degree: 'MD', institution: 'University of Nairobi', year: 2008 },
      { degree: 'MMed', institution: 'Aga Khan University', year: 2014 },
    ];
    const doctor = await makeDoctor({ profile: profile({ qualifications: two }) });
    const same = await patchMe(t, doctor.token, { qualifications: [...two].reverse() });
    expect(same.json()).toMatchObject({ verificationStatus: 'verified', changedSinceDecision: [] });

    const added = await patchMe(t, doctor.token, { qualifications: [...two, { degree: 'FRCS', institution: 'Royal College of Surgeons', year: 2020 }] });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ verificationStatus: 'pending', verifiedAt: null, changedSinceDecision: ['qualifications'] });
    expectProblem(await getDoctor(doctor.doctorId), 404, 'NOT_FOUND');
    // A licence change while pending again is recorded too, once.
    await patchMe(t, doctor.token, { licenseNumber: 'KMPDC-77777' });
    await patchMe(t, doctor.token, { licenseNumber: 'KMPDC-88888' });
    expect((await getMine(doctor)).changedSinceDecision).toEqual(['qualifications', 'licenseNumber']);
  });

  it('on a new licence number, saying so', async () => {
    const doctor = await makeDoctor();
    const changed = await patchMe(t, doctor.token, { licenseNumber: 'KMPDC-99999' });
    expect(changed.json()).toMatchObject({ verificationStatus: 'pending', verifiedAt: null, changedSinceDecision: ['licenseNumber'] });
  });

  it('a rejected doctor too; a doctor never decided on stays pending with no reason recorded', async () => {
    const rejected = await makeDoctor({ status: 'rejected' });
    await renameThroughAuth(rejected, 'Someone Else');
    expect(await getMine(rejected)).toMatchObject({ verificationStatus: 'pending', changedSinceDecision: ['fullName'] });

    const fresh = await makeDoctor({ status: 'pending' });
    await renameThroughAuth(fresh, 'Another Name');
    await patchMe(t, fresh.token, { licenseNumber: 'NEW-1', qualifications: [{ degree: 'MBChB', institution: 'Makerere University', year: 2011 }] });
    expect(await getMine(fresh)).toMatchObject({ verificationStatus: 'pending', changedSinceDecision: [] });
  });

  it('keeps a doctor verified when other fields change, or the same name and licence are sent again', async () => {
    const doctor = await makeDoctor({ fullName: 'Kofi Mensah' });
    const patched = await patchMe(t, doctor.token, {
      ...profile({ bio: 'New bio', consultationFee: { amount: 9000, currency: 'KES' }, languages: ['en', 'fr'], yearsOfExperience: 20, specialties: ['dermatology'] }),
      timezone: 'Africa/Nairobi',
    });
    expect(patched.json()).toMatchObject({ verificationStatus: 'verified', changedSinceDecision: [] });
    expect((await renameThroughAuth(doctor, 'Kofi Mensah')).statusCode).toBe(200);
    expect((await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(doctor.token), payload: { phone: '+254 700 000 000' } })).statusCode).toBe(200);
    expect(await getMine(doctor)).toMatchObject({ verificationStatus: 'verified', changedSinceDecision: [] });
    expect((await getDoctor(doctor.doctorId)).statusCode).toBe(200);
  });

  describe('the admin decision naming the reviewed licence number', () => {
    it('decides when the profile still has it, and is 409 PROFILE_CHANGED (deciding nothing) when it does not', async () => {
      const doctor = await makeDoctor({ status: 'pending' });
      const stale = await decide(doctor.doctorId, { status: 'verified', licenseNumber: 'KMPDC-00000' });
      expectProblem(stale, 409, 'PROFILE_CHANGED');
      expect(await getMine(doctor)).toMatchObject({ verificationStatus: 'pending', verifiedAt: null });
      const [audit] = await queryRows<{ outcome: string; details: unknown }>(t, sql`select outcome, details from audit_events where action = 'doctor.verification' and resource_id = ${doctor.doctorId}`);
      expect(audit).toEqual({ outcome: 'failure', details: { decision: 'verified', code: 'PROFILE_CHANGED' } });

      const ok = await decide(doctor.doctorId, { status: 'verified', licenseNumber: 'KMPDC-12345' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ verificationStatus: 'verified', licenseNumber: 'KMPDC-12345' });
      expectProblem(await decide('6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11', { status: 'verified', licenseNumber: 'X' }), 404, 'NOT_FOUND');
      expectProblem(await decide(doctor.doctorId, { status: 'verified', licenseNumber: 12345 }), 400, 'VALIDATION_FAILED');
    });

    it('null names a profile without a licence number', async () => {
      const doctor = await makeDoctor({ status: 'pending', profile: profile({ licenseNumber: null }) });
      expectProblem(await decide(doctor.doctorId, { status: 'verified', licenseNumber: 'KMPDC-12345' }), 409, 'PROFILE_CHANGED');
      expect((await decide(doctor.doctorId, { status: 'verified', licenseNumber: null })).statusCode).toBe(200);
    });

    it('never verifies a licence number the admin did not review, however the requests interleave', async () => {
      for (let round = 0; round < 8; round++) {
        const doctor = await makeDoctor({ status: 'pending' });
        const newLicence = `KMPDC-R${round}`;
        const [decision, change] = await Promise.all([
          decide(doctor.doctorId, { status: 'verified', licenseNumber: 'KMPDC-12345' }),
          patchMe(t, doctor.token, { licenseNumber: newLicence }),
        ]);
        expect(change.statusCode, change.body).toBe(200);
        expect([200, 409]).toContain(decision.statusCode);
        const [row] = await queryRows<{ verification_status: string; license_number: string }>(t, sql`select verification_status, license_number from doctors where id = ${doctor.doctorId}`);
        // Whichever committed first, the new number is never the verified one.
        expect(row).toEqual({ verification_status: 'pending', license_number: newLicence });
      }
    });
  });
});
