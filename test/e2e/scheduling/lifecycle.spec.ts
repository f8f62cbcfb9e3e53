import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, strongPassword } from '../../helpers/auth.js';
import { startTestAppWithAdmin } from '../../helpers/mfa.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type BookableDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { appointmentAction, bookOk, setNow, slotStarts } from '../../helpers/scheduling.js';
import type { TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const SLOT = '2027-03-08T10:00:00.000Z';
const ADMIN = { email: 'sched.admin@example.com', password: strongPassword() };

describe('appointment lifecycle', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    ({ t, adminToken } = await startTestAppWithAdmin(ADMIN));
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  async function booked(doctorOptions = {}): Promise<{ doctor: BookableDoctor; patient: { token: string; userId: string }; id: string }> {
    const doctor = await createBookableDoctor(t, doctorOptions);
    const patient = await createPatient(t);
    const appointment = await bookOk(t, patient.token, doctor, SLOT, 'Back pain');
    return { doctor, patient, id: appointment.id };
  }

  describe('cancel', () => {
    it('lets the patient cancel up to cancellationNoticeHours before the start, keeping reason and cancelledBy', async () => {
      const { patient, id } = await booked({ availability: { cancellationNoticeHours: 48 } });
      setNow(t, '2027-03-06T10:00:00.000Z'); // exactly 48 h before
      try {
        const response = await appointmentAction(t, patient.token, id, 'cancel', { reason: 'Feeling better' });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ id, status: 'cancelled', cancelledBy: 'patient', cancellationReason: 'Feeling better', reason: 'Back pain' });
      } finally {
        setNow(t, NOW);
      }
    });

    it('is 422 CANCELLATION_WINDOW_PASSED for the patient after that, while the doctor and admins may cancel any time', async () => {
      const { doctor, patient, id } = await booked();
      setNow(t, '2027-03-07T10:00:01.000Z'); // 24 h minus a second
      try {
        expectProblem(await appointmentAction(t, patient.token, id, 'cancel', {}), 422, 'CANCELLATION_WINDOW_PASSED');
        const byDoctor = await appointmentAction(t, doctor.token, id, 'cancel', { reason: 'Ill' });
        expect(byDoctor.statusCode, byDoctor.body).toBe(200);
        expect(byDoctor.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'doctor', cancellationReason: 'Ill' });
        const other = await booked();
        const byAdmin = await appointmentAction(t, adminToken, other.id, 'cancel');
        expect(byAdmin.statusCode, byAdmin.body).toBe(200);
        expect(byAdmin.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'admin', cancellationReason: null });
      } finally {
        setNow(t, NOW);
      }
    });

    it('is 409 INVALID_STATUS_TRANSITION for an appointment that is no longer confirmed', async () => {
      const { patient, id } = await booked();
      expect((await appointmentAction(t, patient.token, id, 'cancel', {})).statusCode).toBe(200);
      expectProblem(await appointmentAction(t, patient.token, id, 'cancel', {}), 409, 'INVALID_STATUS_TRANSITION');
      expectProblem(await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-08T11:00:00Z' }), 409, 'INVALID_STATUS_TRANSITION');
    });
  });

  describe('reschedule', () => {
    it('moves the same appointment to a new offered slot and frees the old one', async () => {
      const { doctor, patient, id } = await booked();
      const response = await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-08T11:00:00Z' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ id, start: '2027-03-08T11:00:00.000Z', end: '2027-03-08T11:30:00.000Z', status: 'confirmed' });
      const starts = await slotStarts(t, doctor, '2027-03-08');
      expect(starts).toContain(SLOT);
      expect(starts).not.toContain('2027-03-08T11:00:00.000Z');
      // The doctor may move it too, even by one slot onto a range overlapping its own.
      const byDoctor = await appointmentAction(t, doctor.token, id, 'reschedule', { start: '2027-03-08T11:30:00Z' });
      expect(byDoctor.statusCode, byDoctor.body).toBe(200);
    });

    it('keeps the old time when the new one is taken (409) or not offered (422)', async () => {
      const { doctor, patient, id } = await booked();
      const other = await createPatient(t);
      await bookOk(t, other.token, doctor, '2027-03-08T11:00:00.000Z');
      expectProblem(await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-08T11:00:00Z' }), 409, 'SLOT_TAKEN');
      expectProblem(await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-08T11:10:00Z' }), 422, 'SLOT_NOT_AVAILABLE');
      const read = await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(patient.token) });
      expect(read.json()).toMatchObject({ start: SLOT, end: '2027-03-08T10:30:00.000Z', status: 'confirmed' });
      const [row] = await queryRows<{ period: string }>(t, sql`select period::text from appointments where id = ${id}`);
      expect(row!.period).toContain('2027-03-08 10:00:00+00');
      expect(await slotStarts(t, doctor, '2027-03-08')).not.toContain(SLOT);
    });

    it('is 409 PATIENT_CONFLICT when the patient is busy at the new time', async () => {
      const { patient, id } = await booked();
      const elsewhere = await createBookableDoctor(t);
      await bookOk(t, patient.token, elsewhere, '2027-03-08T12:00:00.000Z');
      expectProblem(await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-08T12:00:00Z' }), 409, 'PATIENT_CONFLICT');
    });
  });

  describe('reschedule and the cancellation window', () => {
    it('is 422 CANCELLATION_WINDOW_PASSED for the patient inside cancellationNoticeHours, like cancel, while the doctor may still move it', async () => {
      const { doctor, patient, id } = await booked();
      setNow(t, '2027-03-07T10:00:01.000Z'); // 24 h minus a second
      try {
        // Moving it to next week and cancelling there would get around the window.
        expectProblem(await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-15T10:00:00Z' }), 422, 'CANCELLATION_WINDOW_PASSED');
        const read = await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(patient.token) });
        expect(read.json()).toMatchObject({ start: SLOT, status: 'confirmed' });
        const byDoctor = await appointmentAction(t, doctor.token, id, 'reschedule', { start: '2027-03-08T11:00:00Z' });
        expect(byDoctor.statusCode, byDoctor.body).toBe(200);
        expect(byDoctor.json()).toMatchObject({ start: '2027-03-08T11:00:00.000Z' });
        const [denied] = await queryRows<{ details: Record<string, unknown> }>(
          t,
          sql`select details from audit_events where action = 'appointment.reschedule' and outcome = 'denied' and resource_id = ${id}`,
        );
        expect(denied?.details).toMatchObject({ code: 'CANCELLATION_WINDOW_PASSED' });
      } finally {
        setNow(t, NOW);
      }
    });

    it('lets the patient reschedule up to exactly cancellationNoticeHours before the start', async () => {
      const { patient, id } = await booked({ availability: { cancellationNoticeHours: 48 } });
      setNow(t, '2027-03-06T10:00:00.000Z'); // exactly 48 h before
      try {
        const response = await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-15T10:00:00Z' });
        expect(response.statusCode, response.body).toBe(200);
      } finally {
        setNow(t, NOW);
      }
    });

    it('is 409 INVALID_STATUS_TRANSITION for the patient and the doctor once the appointment has started (admins never reschedule: 404)', async () => {
      const { doctor, patient, id } = await booked({ availability: { cancellationNoticeHours: 0 } });
      setNow(t, SLOT);
      try {
        expectProblem(await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-09T10:00:00Z' }), 409, 'INVALID_STATUS_TRANSITION');
        expectProblem(await appointmentAction(t, doctor.token, id, 'reschedule', { start: '2027-03-09T10:30:00Z' }), 409, 'INVALID_STATUS_TRANSITION');
        expectProblem(await appointmentAction(t, adminToken, id, 'reschedule', { start: '2027-03-09T11:00:00Z' }), 404, 'NOT_FOUND');
        const read = await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(patient.token) });
        expect(read.json()).toMatchObject({ start: SLOT, status: 'confirmed' });
      } finally {
        setNow(t, NOW);
      }
    });
  });

  describe('strangers', () => {
    it('get 404 reading, cancelling or rescheduling someone else\'s appointment', async () => {
      const { id } = await booked();
      const stranger = await createPatient(t);
      const otherDoctor = await createBookableDoctor(t);
      for (const token of [stranger.token, otherDoctor.token]) {
        expectProblem(await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(token) }), 404, 'NOT_FOUND');
        expectProblem(await appointmentAction(t, token, id, 'cancel', {}), 404, 'NOT_FOUND');
        expectProblem(await appointmentAction(t, token, id, 'reschedule', { start: '2027-03-08T11:00:00Z' }), 404, 'NOT_FOUND');
      }
      expectProblem(await appointmentAction(t, otherDoctor.token, id, 'complete'), 404, 'NOT_FOUND');
      expectProblem(await appointmentAction(t, stranger.token, id, 'review', { rating: 5 }), 404, 'NOT_FOUND');
    });

    it('lets participants and admins read it', async () => {
      const { doctor, patient, id } = await booked();
      for (const token of [patient.token, doctor.token, adminToken]) {
        const response = await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(token) });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().id).toBe(id);
      }
    });
  });

  describe('complete and no-show', () => {
    it('are 409 before the start, allowed to the doctor after it, and final', async () => {
      const { doctor, patient, id } = await booked();
      const second = await booked();
      expectProblem(await appointmentAction(t, doctor.token, id, 'complete'), 409, 'INVALID_STATUS_TRANSITION');
      expectProblem(await appointmentAction(t, doctor.token, id, 'no-show'), 409, 'INVALID_STATUS_TRANSITION');
      expectProblem(await appointmentAction(t, patient.token, id, 'complete'), 403, 'FORBIDDEN');
      setNow(t, SLOT);
      try {
        const done = await appointmentAction(t, doctor.token, id, 'complete');
        expect(done.statusCode, done.body).toBe(200);
        expect(done.json().status).toBe('completed');
        for (const action of ['complete', 'no-show', 'cancel']) expectProblem(await appointmentAction(t, doctor.token, id, action, action === 'cancel' ? {} : undefined), 409, 'INVALID_STATUS_TRANSITION');
        expectProblem(await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-09T10:00:00Z' }), 409, 'INVALID_STATUS_TRANSITION');

        const noShow = await appointmentAction(t, second.doctor.token, second.id, 'no-show');
        expect(noShow.json().status).toBe('no_show');
        expectProblem(await appointmentAction(t, second.doctor.token, second.id, 'complete'), 409, 'INVALID_STATUS_TRANSITION');
      } finally {
        setNow(t, NOW);
      }
    });
  });

  describe('review', () => {
    it('is 422 APPOINTMENT_NOT_COMPLETED until completed, then one per appointment, updating the rating aggregate', async () => {
      const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
      const patients = [await createPatient(t), await createPatient(t)];
      const ids = [(await bookOk(t, patients[0]!.token, doctor, SLOT)).id, (await bookOk(t, patients[1]!.token, doctor, '2027-03-08T11:00:00.000Z')).id];
      expectProblem(await appointmentAction(t, patients[0]!.token, ids[0]!, 'review', { rating: 4 }), 422, 'APPOINTMENT_NOT_COMPLETED');
      setNow(t, '2027-03-08T11:05:00.000Z');
      try {
        for (const id of ids) expect((await appointmentAction(t, doctor.token, id, 'complete')).statusCode).toBe(200);
      } finally {
        setNow(t, NOW);
      }
      expectProblem(await appointmentAction(t, doctor.token, ids[0]!, 'review', { rating: 4 }), 403, 'FORBIDDEN');
      expectProblem(await appointmentAction(t, patients[0]!.token, ids[0]!, 'review', { rating: 6 }), 400, 'VALIDATION_FAILED');
      const first = await appointmentAction(t, patients[0]!.token, ids[0]!, 'review', { rating: 4, comment: 'Kind and clear' });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({ appointmentId: ids[0], doctorId: doctor.doctorId, rating: 4, comment: 'Kind and clear' });
      expectProblem(await appointmentAction(t, patients[0]!.token, ids[0]!, 'review', { rating: 5 }), 409, 'ALREADY_REVIEWED');
      expect((await appointmentAction(t, patients[1]!.token, ids[1]!, 'review', { rating: 5 })).statusCode).toBe(201);
      const [row] = await queryRows<{ rating_average: string; rating_count: number }>(t, sql`select rating_average::text, rating_count from doctors where id = ${doctor.doctorId}`);
      expect(row).toEqual({ rating_average: '4.50', rating_count: 2 });
    });
  });

  describe('GET /appointments', () => {
    it("lists the caller's own (admins: all), filtered by status and start in [from, to), paged by start then id", async () => {
      const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
      const patient = await createPatient(t);
      const other = await createPatient(t);
      const starts = ['2027-03-08T09:00:00.000Z', '2027-03-08T09:30:00.000Z', '2027-03-08T10:00:00.000Z', '2027-03-15T09:00:00.000Z'];
      const ids = [];
      for (const start of starts) ids.push((await bookOk(t, patient.token, doctor, start)).id);
      await bookOk(t, other.token, doctor, '2027-03-08T11:00:00.000Z');
      await appointmentAction(t, patient.token, ids[1]!, 'cancel', {});

      const page = async (token: string, query: string) => {
        const response = await t.request({ method: 'GET', url: `/api/v1/appointments?${query}`, headers: bearer(token) });
        expect(response.statusCode, response.body).toBe(200);
        return response.json() as { data: { id: string; start: string }[]; nextCursor: string | null };
      };
      const first = await page(patient.token, 'limit=2');
      expect(first.data.map((a) => a.id)).toEqual(ids.slice(0, 2));
      const second = await page(patient.token, `limit=2&cursor=${first.nextCursor}`);
      expect(second.data.map((a) => a.id)).toEqual(ids.slice(2, 4));
      expect(second.nextCursor).toBeNull();
      expect((await page(patient.token, 'status=confirmed')).data.map((a) => a.id)).toEqual([ids[0], ids[2], ids[3]]);
      expect((await page(patient.token, `from=2027-03-08T09:30:00Z&to=2027-03-15T09:00:00Z`)).data.map((a) => a.id)).toEqual([ids[1], ids[2]]);
      expect((await page(doctor.token, 'limit=100')).data).toHaveLength(5);
      const all = await page(adminToken, 'limit=100');
      expect(all.data.map((a) => a.id)).toEqual(expect.arrayContaining(ids));
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/appointments?cursor=bogus', headers: bearer(patient.token) }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.request({ method: 'GET', url: '/api/v1/appointments?limit=101', headers: bearer(patient.token) }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('audit', () => {
    it('records every read by id and every change, and denied attempts, without reasons', async () => {
      const { doctor, patient, id } = await booked();
      const stranger = await createPatient(t);
      await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(patient.token) });
      await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(stranger.token) });
      await appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-08T11:00:00Z' });
      await appointmentAction(t, doctor.token, id, 'cancel', { reason: 'Secret-cancel-reason' });
      const rows = await queryRows<{ action: string; outcome: string; actor_id: string; resource_id: string; details: unknown }>(
        t,
        sql`select action, outcome, actor_id, resource_id, details from audit_events where resource_type = 'appointment' and resource_id = ${id} order by chain_seq`,
      );
      expect(rows.map((r) => `${r.action}:${r.outcome}`)).toEqual(['appointment.book:success', 'appointment.read:success', 'appointment.read:denied', 'appointment.reschedule:success', 'appointment.cancel:success']);
      expect(rows[2]!.actor_id).toBe(stranger.userId);
      expect(JSON.stringify(rows)).not.toMatch(/Back pain|Secret-cancel-reason/);
    });

    it("records one row per admin's or doctor's listing, naming the caller, the filters and the count, never the visit reasons", async () => {
      const { doctor, patient } = await booked();
      const listing = () => queryRows<{ actor_id: string; actor_role: string; outcome: string; resource_type: string; resource_id: string | null; details: Record<string, unknown> }>(
        t,
        sql`select actor_id, actor_role, outcome, resource_type, resource_id, details from audit_events where action = 'appointment.list' order by chain_seq`,
      );
      const before = (await listing()).length;
      const from = '2027-03-08T00:00:00.000Z';
      const to = '2027-03-09T00:00:00.000Z';
      const response = await t.request({ method: 'GET', url: `/api/v1/appointments?status=confirmed&from=${from}&to=${to}&limit=100`, headers: bearer(adminToken) });
      expect(response.statusCode, response.body).toBe(200);
      const count = (response.json().data as unknown[]).length;
      expect(count).toBeGreaterThan(0);
      await t.request({ method: 'GET', url: '/api/v1/appointments?limit=1', headers: bearer(adminToken) });
      // A doctor's listing shows their patients' visit reasons; a patient's, only their own.
      const doctorList = await t.request({ method: 'GET', url: '/api/v1/appointments?status=confirmed', headers: bearer(doctor.token) });
      expect(doctorList.statusCode, doctorList.body).toBe(200);
      await t.request({ method: 'GET', url: '/api/v1/appointments', headers: bearer(patient.token) });

      const rows = (await listing()).slice(before);
      expect(rows).toHaveLength(3);
      const [admin] = await queryRows<{ id: string }>(t, sql`select id from users where email = ${ADMIN.email}`);
      expect(rows[0]).toEqual({
        actor_id: admin!.id,
        actor_role: 'admin',
        outcome: 'success',
        resource_type: 'appointment',
        resource_id: null,
        details: { status: 'confirmed', from, to, limit: 100, cursor: false, count },
      });
      expect(rows[1]!.details).toEqual({ status: null, from: null, to: null, limit: 1, cursor: false, count: 1 });
      expect(rows[2]).toEqual({
        actor_id: doctor.userId,
        actor_role: 'doctor',
        outcome: 'success',
        resource_type: 'appointment',
        resource_id: null,
        details: { status: 'confirmed', from: null, to: null, limit: 20, cursor: false, count: 1 },
      });
      expect(JSON.stringify(rows)).not.toMatch(/Back pain/);
    });
  });
});
