import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { startTestAppWithAdmin } from '../../helpers/mfa.js';
import { bearer, expectNoneInLogs, strongPassword } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type BookableDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { appointmentAction, book, bookOk, getSlots, setNow } from '../../helpers/scheduling.js';
import type { TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const ADMIN = { email: 'rules.admin@example.com', password: strongPassword() };

/** Issue 13: who may book which type, intake questions, video links and no-show suspensions. */
describe('booking rules', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    ({ t, adminToken } = await startTestAppWithAdmin(ADMIN));
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  async function addType(doctor: BookableDoctor, payload: Record<string, unknown>): Promise<string> {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/doctors/me/appointment-types',
      headers: bearer(doctor.token),
      payload: { name: 'Visit', durationMinutes: 30, mode: 'in_person', ...payload },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  }

  const slotsFor = (token: string | undefined, doctor: BookableDoctor, typeId: string) =>
    t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/slots?appointmentTypeId=${typeId}&from=2027-03-08&to=2027-03-08`, headers: token ? bearer(token) : {} });

  describe('audience', () => {
    it('gives 422 APPOINTMENT_TYPE_NOT_FOR_PATIENT on slots and booking for a type meant for the other kind of patient', async () => {
      const doctor = await createBookableDoctor(t);
      const forNew = await addType(doctor, { audience: 'new' });
      const forReturning = await addType(doctor, { audience: 'returning' });
      const patient = await createPatient(t);

      // A new patient: the `new` type, not the `returning` one.
      expect((await slotsFor(patient.token, doctor, forNew)).statusCode).toBe(200);
      expectProblem(await slotsFor(patient.token, doctor, forReturning), 422, 'APPOINTMENT_TYPE_NOT_FOR_PATIENT');
      expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: forReturning, start: '2027-03-08T09:00:00.000Z' }), 422, 'APPOINTMENT_TYPE_NOT_FOR_PATIENT');
      // Anonymous listings cannot be told apart: they show the slots.
      expect((await slotsFor(undefined, doctor, forReturning)).statusCode).toBe(200);

      // One completed visit makes the patient returning.
      const first = await bookOk(t, patient.token, { doctorId: doctor.doctorId, typeId: forNew }, '2027-03-08T09:00:00.000Z');
      setNow(t, '2027-03-08T09:30:00.000Z');
      try {
        expect((await appointmentAction(t, doctor.token, first.id, 'complete')).statusCode).toBe(200);
        expectProblem(await slotsFor(patient.token, doctor, forNew), 422, 'APPOINTMENT_TYPE_NOT_FOR_PATIENT');
        expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: forNew, start: '2027-03-09T09:00:00.000Z' }), 422, 'APPOINTMENT_TYPE_NOT_FOR_PATIENT');
        expect((await slotsFor(patient.token, doctor, forReturning)).statusCode).toBe(200);
        await bookOk(t, patient.token, { doctorId: doctor.doctorId, typeId: forReturning }, '2027-03-09T09:00:00.000Z');
      } finally {
        setNow(t, NOW);
      }
      const listed = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/appointment-types` });
      expect((listed.json() as { id: string; audience: string }[]).map((x) => x.audience)).toEqual(['any', 'new', 'returning']);
    });
  });

  describe('intake questions', () => {
    const questions = [
      { text: 'Do you take blood thinners?', kind: 'yes_no', required: true },
      { text: 'Which insurer?', kind: 'single_choice', required: true, options: ['AOK', 'TK'] },
      { text: 'Since when?', kind: 'date' },
    ];

    it('are limited to 20 per type, and single_choice needs options (400)', async () => {
      const doctor = await createBookableDoctor(t);
      const tooMany = Array.from({ length: 21 }, (_, i) => ({ text: `Q${i}`, kind: 'text' }));
      const response = await t.request({ method: 'POST', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token), payload: { name: 'X', durationMinutes: 30, mode: 'video', intakeQuestions: tooMany } });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      const noOptions = await t.request({ method: 'POST', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token), payload: { name: 'X', durationMinutes: 30, mode: 'video', intakeQuestions: [{ text: 'Pick', kind: 'single_choice' }] } });
      expectProblem(noOptions, 400, 'VALIDATION_FAILED');
    });

    it('answer 400 with field errors for a missing or ill-typed answer, then store answers encrypted, shown to the participants and admins only and never in the outbox or logs', async () => {
      const doctor = await createBookableDoctor(t);
      const typeId = await addType(doctor, { intakeQuestions: questions });
      const type = (await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/appointment-types` })).json().find((x: { id: string }) => x.id === typeId);
      const [thinners, insurer, since] = type.intakeQuestions as { id: string }[];
      const patient = await createPatient(t);
      const start = '2027-03-08T09:00:00.000Z';

      const missing = expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: typeId, start, intakeAnswers: [{ questionId: thinners!.id, answer: 'maybe' }] } as never), 400, 'VALIDATION_FAILED');
      expect(missing.errors).toEqual([
        { field: `intakeAnswers.${thinners!.id}`, message: 'must be true or false' },
        { field: `intakeAnswers.${insurer!.id}`, message: 'is required' },
      ]);
      expect(await queryRows(t, sql`select id from appointments where appointment_type_id = ${typeId}`)).toEqual([]);

      const secretAnswer = 'Quasimodo-insurer-7731';
      await queryRows(t, sql`update appointment_types set intake_questions = jsonb_set(intake_questions, '{1,options}', ${JSON.stringify(['AOK', secretAnswer])}::jsonb) where id = ${typeId}`);
      const answers = [
        { questionId: thinners!.id, answer: true },
        { questionId: insurer!.id, answer: secretAnswer },
        { questionId: since!.id, answer: '2026-12-24' },
      ];
      const created = await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: typeId, start, intakeAnswers: answers } as never);
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const shown = [
        { questionId: thinners!.id, question: 'Do you take blood thinners?', answer: true },
        { questionId: insurer!.id, question: 'Which insurer?', answer: secretAnswer },
        { questionId: since!.id, question: 'Since when?', answer: '2026-12-24' },
      ];
      expect(created.json().intakeAnswers).toEqual(shown);
      for (const token of [patient.token, doctor.token, adminToken]) {
        const read = await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(token) });
        expect(read.json().intakeAnswers).toEqual(shown);
      }
      const other = await createPatient(t);
      expectProblem(await t.request({ method: 'GET', url: `/api/v1/appointments/${id}`, headers: bearer(other.token) }), 404, 'NOT_FOUND');

      const [row] = await queryRows<{ intake_answers: string }>(t, sql`select intake_answers from appointments where id = ${id}`);
      expect(row!.intake_answers).toMatch(/^enc:/);
      expect(row!.intake_answers).not.toContain(secretAnswer);
      const reads = await queryRows<{ actor_role: string }>(t, sql`select distinct actor_role from audit_events where action = 'appointment.read' and outcome = 'success' and resource_id = ${id} order by actor_role`);
      expect(reads.map((r) => r.actor_role)).toEqual(['admin', 'doctor', 'patient']);
      const outbox = await queryRows<{ payload: unknown }>(t, sql`select payload from outbox where payload->>'appointmentId' = ${id}`);
      expect(JSON.stringify(outbox)).not.toContain(secretAnswer);
      const worker = t.app.get(OutboxWorker, { strict: false });
      for (let i = 0; i < 20 && (await worker.tick()) > 0; i++);
      const mailer = t.app.get<DevelopmentMailer>(MAIL, { strict: false });
      expect(JSON.stringify(mailer.outbox)).not.toContain(secretAnswer);
      expectNoneInLogs(t, [secretAnswer]);
    });
  });

  describe('video visits', () => {
    it('get an unguessable link for the two participants only (another patient 404, admins null), mailed to both, replaced on reschedule, never in the public profile, slots or logs', async () => {
      const doctor = await createBookableDoctor(t); // its type is a video consultation
      const inPerson = await addType(doctor, { mode: 'in_person' });
      const patient = await createPatient(t);
      const booked = await bookOk(t, patient.token, doctor, '2027-03-08T09:00:00.000Z');
      const link = booked.videoUrl as string;
      expect(link).toMatch(/^https:\/\/meet\.jit\.si\/ihosi-[A-Za-z0-9_-]{22}$/);
      const second = await bookOk(t, patient.token, doctor, '2027-03-08T10:00:00.000Z');
      expect(second.videoUrl).not.toBe(link);
      expect((await bookOk(t, patient.token, { doctorId: doctor.doctorId, typeId: inPerson }, '2027-03-08T11:00:00.000Z')).videoUrl).toBeNull();

      const read = (token: string) => t.request({ method: 'GET', url: `/api/v1/appointments/${booked.id}`, headers: bearer(token) });
      expect((await read(doctor.token)).json().videoUrl).toBe(link);
      expect((await read(adminToken)).json().videoUrl).toBeNull();
      const admins = await t.request({ method: 'GET', url: `/api/v1/appointments?limit=100`, headers: bearer(adminToken) });
      expect(admins.body).not.toContain(link);
      const other = await createPatient(t);
      expectProblem(await read(other.token), 404, 'NOT_FOUND');

      const [row] = await queryRows<{ video_url: string }>(t, sql`select video_url from appointments where id = ${booked.id}`);
      expect(row!.video_url).not.toContain(link.slice(-22));

      const worker = t.app.get(OutboxWorker, { strict: false });
      for (let i = 0; i < 20 && (await worker.tick()) > 0; i++);
      const mailer = t.app.get<DevelopmentMailer>(MAIL, { strict: false });
      const withLink = mailer.outbox.filter((m) => m.text.includes(link));
      expect(withLink.map((m) => m.to).sort()).toEqual([doctor.email, patient.email].sort());
      expect(withLink.every((m) => m.secrets.includes(link))).toBe(true);

      const moved = await appointmentAction(t, patient.token, booked.id, 'reschedule', { start: '2027-03-08T12:00:00.000Z' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().videoUrl).toMatch(/^https:\/\/meet\.jit\.si\/ihosi-/);
      expect(moved.json().videoUrl).not.toBe(link);

      const publicProfile = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` });
      const slots = await getSlots(t, doctor, '2027-03-08');
      for (const body of [publicProfile.body, slots.body]) expect(body).not.toContain('ihosi-');
      const outbox = await queryRows<{ payload: unknown }>(t, sql`select payload from outbox`);
      expect(JSON.stringify(outbox)).not.toContain(link);
      expectNoneInLogs(t, [link, moved.json().videoUrl as string]);
    });
  });

  describe('no-shows', () => {
    it('suspend online booking after the third in 180 days (422 BOOKING_SUSPENDED with the end date), until the doctor or an admin lifts it', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const starts = ['2027-03-02T09:00:00.000Z', '2027-03-03T09:00:00.000Z', '2027-03-04T09:00:00.000Z'];
      const visits = [];
      for (const start of starts) visits.push(await bookOk(t, patient.token, doctor, start));
      setNow(t, '2027-03-05T00:00:00.000Z');
      try {
        expect((await appointmentAction(t, doctor.token, visits[0]!.id, 'no-show')).statusCode).toBe(200);
        expect((await appointmentAction(t, doctor.token, visits[1]!.id, 'no-show')).statusCode).toBe(200);
        await bookOk(t, patient.token, doctor, '2027-03-10T09:00:00.000Z'); // two are not enough
        expect((await appointmentAction(t, doctor.token, visits[2]!.id, 'no-show')).statusCode).toBe(200);

        const refused = expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-10T10:00:00.000Z' }), 422, 'BOOKING_SUSPENDED');
        expect(refused.suspendedUntil).toBe('2027-04-04T00:00:00.000Z');
        expect(refused.detail).toContain('2027-04-04T00:00:00.000Z');
        const series = await t.request({ method: 'POST', url: '/api/v1/appointments/series', headers: bearer(patient.token), payload: { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-10T10:00:00.000Z', every: 1, count: 2 } });
        expectProblem(series, 422, 'BOOKING_SUSPENDED');

        // Nobody else may lift it: another doctor (who never saw the patient) and the patient.
        const stranger = await createBookableDoctor(t);
        const lift = (token: string) => t.request({ method: 'DELETE', url: `/api/v1/patients/${patient.userId}/booking-suspension`, headers: bearer(token) });
        expectProblem(await lift(stranger.token), 404, 'NOT_FOUND');
        expectProblem(await lift(patient.token), 403, 'FORBIDDEN');
        expect((await lift(doctor.token)).statusCode).toBe(204);
        expectProblem(await lift(doctor.token), 404, 'NOT_FOUND');
        await bookOk(t, patient.token, doctor, '2027-03-10T10:00:00.000Z');
        const audit = await queryRows<{ outcome: string }>(t, sql`select outcome from audit_events where action = 'booking_suspension.lift' and resource_id = ${patient.userId} order by chain_seq`);
        expect(audit.map((a) => a.outcome)).toEqual(['success', 'failure']);
      } finally {
        setNow(t, NOW);
      }
    });

    it('lets an admin lift it too, and counts the no-shows spent on a suspension only once', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const visits = [];
      for (const day of ['02', '03', '04', '05']) visits.push(await bookOk(t, patient.token, doctor, `2027-03-${day}T11:00:00.000Z`));
      setNow(t, '2027-03-06T00:00:00.000Z');
      try {
        for (const visit of visits.slice(0, 3)) expect((await appointmentAction(t, doctor.token, visit.id, 'no-show')).statusCode).toBe(200);
        expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-10T11:00:00.000Z' }), 422, 'BOOKING_SUSPENDED');
        expect((await t.request({ method: 'DELETE', url: `/api/v1/patients/${patient.userId}/booking-suspension`, headers: bearer(adminToken) })).statusCode).toBe(204);
        // A fourth no-show after the lift does not suspend again on its own.
        expect((await appointmentAction(t, doctor.token, visits[3]!.id, 'no-show')).statusCode).toBe(200);
        await bookOk(t, patient.token, doctor, '2027-03-10T11:00:00.000Z');
      } finally {
        setNow(t, NOW);
      }
    });
  });
});
