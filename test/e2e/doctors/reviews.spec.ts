import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../../src/common/crypto/encrypted-column.js';
import { registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { adminToken, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createBookableDoctor, createDoctor, profile, type TestDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { withTagTampered } from '../../helpers/pages.js';
import { appointmentAction, bookOk, createPatient, setNow } from '../../helpers/scheduling.js';
import type { TestApp } from '../../helpers/test-app.js';

describe('GET /doctors/:id/reviews', () => {
  let t: TestApp;
  let doctor: TestDoctor;
  let admin: string;
  const reviewIds: string[] = [];
  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
    doctor = await createDoctor(t, { admin, profile: profile() });
    const patient = await registerUser(t, { role: 'patient', fullName: 'Grace Wanjiru' });
    // Reviews are written by the scheduling feature; here straight into the table, oldest first.
    for (let i = 0; i < 5; i++) {
      // Comments are stored encrypted and bound to the review's id, as the repository writes them.
      const id = randomUUID();
      const [row] = await queryRows<{ id: string }>(
        t,
        sql`insert into reviews (id, doctor_id, patient_id, rating, comment, created_at)
            values (${id}, ${doctor.doctorId}, ${patient.user.id}, ${(i % 5) + 1}, ${i === 0 ? null : seal('reviews', 'comment', id, `Visit ${i}`).stored}, now() - make_interval(hours => ${10 - i}))
            returning id`,
      );
      reviewIds.unshift(row!.id);
    }
  });
  afterAll(() => t.close());

  const list = (query = '') => t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews${query}` });

  it('lists reviews newest first with the patient’s display name (first name, last initial)', async () => {
    const response = await list();
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.data.map((r: { id: string }) => r.id)).toEqual(reviewIds);
    expect(body.data[0]).toEqual({
      id: reviewIds[0],
      rating: 5,
      comment: 'Visit 4',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      patientName: 'Grace W.',
      anonymous: false,
    });
    expect(body.data.at(-1)).toMatchObject({ rating: 1, comment: null });
    expect(body.nextCursor).toBeNull();
  });

  it('never sends the full name or the patient id, and says "Verified patient" for an anonymous review', async () => {
    const reviewed = await createDoctor(t, { admin, profile: profile() });
    const patient = await registerUser(t, { role: 'patient', fullName: '  Esther   Nyambura Kamau ' });
    for (const [rating, comment, anonymous] of [[4, 'Named', false], [5, 'Unnamed', true]] as const) {
      const id = randomUUID();
      await queryRows(t, sql`insert into reviews (id, doctor_id, patient_id, rating, comment, anonymous)
        values (${id}, ${reviewed.doctorId}, ${patient.user.id}, ${rating}, ${seal('reviews', 'comment', id, comment).stored}, ${anonymous})`);
    }
    const response = await t.request({ method: 'GET', url: `/api/v1/doctors/${reviewed.doctorId}/reviews` });
    expect(response.statusCode, response.body).toBe(200);
    const byComment = new Map((response.json().data as { comment: string; patientName: string; anonymous: boolean }[]).map((r) => [r.comment, r]));
    expect(byComment.get('Named')).toMatchObject({ patientName: 'Esther K.', anonymous: false });
    expect(byComment.get('Unnamed')).toMatchObject({ patientName: 'Verified patient', anonymous: true });
    for (const secret of ['Nyambura', 'Kamau', 'Wanjiru', patient.user.id]) expect(response.body).not.toContain(secret);
  });

  it('pages with a cursor, and refuses a tampered one', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(reviewIds);
    const first = (await list('?limit=2')).json().nextCursor as string;
    expectProblem(await list(`?limit=2&cursor=${encodeURIComponent(withTagTampered(first))}`), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?limit=500'), 400, 'VALIDATION_FAILED');
  });

  it('lets a patient post a review anonymously (POST /appointments/:id/review), stored with the review', async () => {
    setNow(t, '2027-03-01T00:00:00.000Z');
    const visited = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
    const shy = await createPatient(t, 'Wanjiku Otieno');
    const open = await createPatient(t, 'Achieng Odhiambo');
    const shyVisit = await bookOk(t, shy.token, visited, '2027-03-08T09:00:00.000Z');
    const openVisit = await bookOk(t, open.token, visited, '2027-03-08T10:00:00.000Z');
    setNow(t, '2027-03-08T11:00:00.000Z');
    for (const id of [shyVisit.id, openVisit.id]) expect((await appointmentAction(t, visited.token, id, 'complete')).statusCode).toBe(200);

    expectProblem(await appointmentAction(t, shy.token, shyVisit.id, 'review', { rating: 5, anonymous: 'yes' }), 400, 'VALIDATION_FAILED');
    const posted = await appointmentAction(t, shy.token, shyVisit.id, 'review', { rating: 5, comment: 'Very kind', anonymous: true });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json()).toMatchObject({ rating: 5, comment: 'Very kind', anonymous: true });
    const named = await appointmentAction(t, open.token, openVisit.id, 'review', { rating: 4, comment: 'On time' });
    expect(named.json()).toMatchObject({ anonymous: false });
    const [stored] = await queryRows<{ anonymous: boolean }>(t, sql`select anonymous from reviews where appointment_id = ${shyVisit.id}`);
    expect(stored!.anonymous).toBe(true);
    // Plainly the older of the two (posted in the same millisecond, they would tie in the newest-first list).
    await queryRows(t, sql`update reviews set created_at = created_at - interval '1 minute' where appointment_id = ${shyVisit.id}`);

    const response = await t.request({ method: 'GET', url: `/api/v1/doctors/${visited.doctorId}/reviews` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.map((r: { patientName: string; anonymous: boolean }) => [r.patientName, r.anonymous])).toEqual([
      ['Achieng O.', false],
      ['Verified patient', true],
    ]);
    for (const secret of ['Wanjiku', 'Otieno', 'Odhiambo', shy.userId, open.userId]) expect(response.body).not.toContain(secret);
  });

  it('answers 404 for an unknown doctor', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/doctors/6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11/reviews' }), 404, 'NOT_FOUND');
  });
});
