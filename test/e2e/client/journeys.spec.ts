import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, IhosiApiError } from '../../../clients/typescript/src/index.js';
import { strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { recordingClient, type RecordingClient } from '../../helpers/client.js';
import { ADMIN, adminToken, startDoctorsTestApp } from '../../helpers/doctors.js';
import { adminSession } from '../../helpers/mfa.js';
import { createBookableDoctor, profile } from '../../helpers/factories.js';
import { setNow } from '../../helpers/scheduling.js';
import type { TestApp } from '../../helpers/test-app.js';

// The two journeys of issue 12, driven through the typed client (clients/typescript) over
// HTTP against the real app, as a mobile app would drive them. Paths, not operation names:
// the calls read the same after the client is regenerated from a richer document.

const NOW = '2027-06-01T06:00:00.000Z';
const DAY = '2027-06-02';
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('journeys through the typed client', () => {
  let t: TestApp;
  let baseUrl: string;
  let admin: string;
  beforeAll(async () => {
    t = await startDoctorsTestApp();
    baseUrl = await t.listen();
    admin = await adminToken(t);
  });
  afterAll(() => t.close());

  async function registeredPatient(fullName = 'Grace Wanjiku'): Promise<RecordingClient> {
    const patient = recordingClient(baseUrl);
    await patient.api.POST('/api/v1/auth/register', { body: { email: uniqueEmail('journey'), password: strongPassword(), fullName, role: 'patient' } });
    return patient;
  }

  it('a patient: register → search → profile → slots → book with a key → list → reschedule → cancel → sign out', async () => {
    setNow(t, NOW);
    const surname = `Kamau${randomBytes(3).toString('hex')}`;
    const doctor = await createBookableDoctor(t, { fullName: `Dr Amina ${surname}`, profile: profile(), admin });
    const { api, sent, count } = recordingClient(baseUrl);

    const { data: session } = await api.POST('/api/v1/auth/register', {
      body: { email: uniqueEmail('journey'), password: strongPassword(), fullName: 'Grace Wanjiku', role: 'patient' },
    });
    expect(session?.user.role).toBe('patient');
    expect(await api.tokens.get()).toEqual({ accessToken: session?.accessToken, refreshToken: session?.refreshToken });

    const found = await dataOf(api.GET('/api/v1/doctors', { params: { query: { q: surname } } }));
    expect(found.data.map((card) => card.id)).toEqual([doctor.doctorId]);
    const shown = await dataOf(api.GET('/api/v1/doctors/{id}', { params: { path: { id: doctor.doctorId } } }));
    expect(shown).toMatchObject({ id: doctor.doctorId, fullName: `Dr Amina ${surname}`, specialties: [{ code: 'cardiology' }] });
    expect(shown).not.toHaveProperty('licenseNumber');

    const [type] = await dataOf(api.GET('/api/v1/doctors/{id}/appointment-types', { params: { path: { id: doctor.doctorId } } }));
    const { slots } = await dataOf(
      api.GET('/api/v1/doctors/{id}/slots', { params: { path: { id: doctor.doctorId }, query: { appointmentTypeId: type!.id, from: DAY, to: DAY } } }),
    );
    expect(slots.slice(0, 2).map((slot) => slot.start)).toEqual([`${DAY}T09:00:00.000Z`, `${DAY}T09:30:00.000Z`]);

    const request = { doctorId: doctor.doctorId, appointmentTypeId: type!.id, start: slots[0]!.start, reason: 'Short of breath on the stairs' };
    const booked = await dataOf(api.POST('/api/v1/appointments', { body: request }));
    expect(booked).toMatchObject({ doctorId: doctor.doctorId, start: slots[0]!.start, status: 'confirmed', reason: request.reason });
    // The key was sent without the app asking; sending the booking again with it (the answer
    // was lost, say) gives the same appointment back instead of a second one.
    const key = sent.find((s) => s.line === 'POST /api/v1/appointments')?.headers.get('idempotency-key');
    expect(key).toMatch(UUID);
    const replayed = await dataOf(api.POST('/api/v1/appointments', { body: request, headers: { 'Idempotency-Key': key! } }));
    expect(replayed.id).toBe(booked.id);

    const mine = await dataOf(api.GET('/api/v1/appointments'));
    expect(mine.data.map((a) => [a.id, a.status])).toEqual([[booked.id, 'confirmed']]);

    const moved = await dataOf(api.POST('/api/v1/appointments/{id}/reschedule', { params: { path: { id: booked.id } }, body: { start: slots[1]!.start } }));
    expect(moved).toMatchObject({ id: booked.id, start: slots[1]!.start, status: 'confirmed' });

    const cancelled = await dataOf(api.POST('/api/v1/appointments/{id}/cancel', { params: { path: { id: booked.id } }, body: { reason: 'Feeling better' } }));
    expect(cancelled).toMatchObject({ id: booked.id, status: 'cancelled', cancelledBy: 'patient', cancellationReason: 'Feeling better' });

    const signedIn = await api.tokens.get();
    const { response } = await api.POST('/api/v1/auth/logout', { body: { refreshToken: signedIn!.refreshToken } });
    expect(response.status).toBe(204);
    expect(await api.tokens.get()).toBeNull();
    // The session is over on the server too: its access token is refused at once.
    const refused = await api.GET('/api/v1/auth/me', { headers: { authorization: `Bearer ${signedIn!.accessToken}` } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(count('POST /api/v1/auth/refresh')).toBe(0);
  });

  it('a doctor: profile → hours → appointment type → sees the booking → completes it', async () => {
    setNow(t, NOW);
    const admins = recordingClient(baseUrl);
    // Admins act only in sessions opened with a second factor: one signed in so (test/helpers/mfa.ts), handed to the client.
    const adminSignedIn = await adminSession(t, ADMIN.email, ADMIN.password);
    await admins.api.tokens.set({ accessToken: adminSignedIn.accessToken, refreshToken: adminSignedIn.refreshToken });
    const { api } = recordingClient(baseUrl);
    await api.POST('/api/v1/auth/register', { body: { email: uniqueEmail('doctor'), password: strongPassword(), fullName: 'Dr Peter Otieno', role: 'doctor' } });

    const pending = await dataOf(api.GET('/api/v1/doctors/me'));
    expect(pending.verificationStatus).toBe('pending');
    const profiled = await dataOf(
      api.PATCH('/api/v1/doctors/me', {
        body: {
          bio: 'Family medicine for all ages.',
          specialties: ['cardiology'],
          licenseNumber: 'KMPDC-4242',
          languages: ['en', 'sw'],
          consultationFee: { amount: 3000, currency: 'KES' },
          consultationModes: ['video'],
          timezone: 'UTC',
        },
      }),
    );
    expect(profiled).toMatchObject({ licenseNumber: 'KMPDC-4242', consultationFee: { amount: 3000, currency: 'KES' } });
    const decided = await dataOf(
      admins.api.PATCH('/api/v1/admin/doctors/{id}/verification', { params: { path: { id: pending.id } }, body: { status: 'verified', licenseNumber: 'KMPDC-4242' } }),
    );
    expect(decided.verificationStatus).toBe('verified');

    const hours = await dataOf(api.PUT('/api/v1/doctors/me/availability', { body: { timezone: 'UTC', weekly: DAYS.map((day) => ({ day, start: '09:00', end: '12:00' })) } }));
    expect(hours.weekly).toHaveLength(7);
    const type = await dataOf(api.POST('/api/v1/doctors/me/appointment-types', { body: { name: 'Video consultation', durationMinutes: 20, mode: 'video' } }));
    expect(type).toMatchObject({ doctorId: pending.id, durationMinutes: 20, active: true });

    const patient = await registeredPatient('Joseph Mwangi');
    const start = `${DAY}T09:20:00.000Z`;
    const booked = await dataOf(patient.api.POST('/api/v1/appointments', { body: { doctorId: pending.id, appointmentTypeId: type.id, start, reason: 'Follow-up' } }));

    const agenda = await dataOf(api.GET('/api/v1/appointments'));
    expect(agenda.data).toEqual([expect.objectContaining({ id: booked.id, patientName: 'Joseph Mwangi', start, reason: 'Follow-up', status: 'confirmed' })]);

    setNow(t, `${DAY}T09:30:00.000Z`); // the visit has started
    try {
      const completed = await dataOf(api.POST('/api/v1/appointments/{id}/complete', { params: { path: { id: booked.id } } }));
      expect(completed).toMatchObject({ id: booked.id, status: 'completed' });
    } finally {
      setNow(t, NOW);
    }
  });

  it('throws failures as IhosiApiError: 404 for an unknown doctor, 422 for a start not offered, 400 naming the field', async () => {
    setNow(t, NOW);
    const doctor = await createBookableDoctor(t, { admin });
    const { api } = await registeredPatient();

    const missing = await api.GET('/api/v1/doctors/{id}', { params: { path: { id: randomUUID() } } }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(IhosiApiError);
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'No such doctor.', requestId: expect.any(String) });

    const notOffered = await api
      .POST('/api/v1/appointments', { body: { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: `${DAY}T03:00:00.000Z` } })
      .catch((e: unknown) => e);
    expect(notOffered).toMatchObject({ status: 422, code: 'SLOT_NOT_AVAILABLE' });

    const invalid = await api.PATCH('/api/v1/auth/me', { body: { phone: 'call me maybe' } }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'phone' })] });
  });
});
