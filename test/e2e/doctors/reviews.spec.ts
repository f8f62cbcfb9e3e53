import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../../src/common/crypto/encrypted-column.js';
import { registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { adminToken, createDoctor, startDoctorsTestApp, type TestDoctor } from '../../helpers/doctors.js';
import { expectProblem } from '../../helpers/http.js';
import type { TestApp } from '../../helpers/test-app.js';

describe('GET /doctors/:id/reviews', () => {
  let t: TestApp;
  let doctor: TestDoctor;
  const reviewIds: string[] = [];
  beforeAll(async () => {
    t = await startDoctorsTestApp();
    const admin = await adminToken(t);
    doctor = await createDoctor(t, admin);
    const patient = await registerUser(t, { role: 'patient', fullName: 'Grace Wanjiru' });
    // Reviews are written by the scheduling feature; here straight into the table, oldest first.
    for (let i = 0; i < 5; i++) {
      // Comments are stored encrypted and bound to the review's id, as the repository writes them.
      const id = randomUUID();
      const [row] = await queryRows<{ id: string }>(
        t,
        sql`insert into reviews (id, doctor_id, patient_id, rating, comment, created_at)
            values (${id}, ${doctor.id}, ${patient.user.id}, ${(i % 5) + 1}, ${i === 0 ? null : seal('reviews', 'comment', id, `Visit ${i}`).stored}, now() - make_interval(hours => ${10 - i}))
            returning id`,
      );
      reviewIds.unshift(row!.id);
    }
  });
  afterAll(() => t.close());

  const list = (query = '') => t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.id}/reviews${query}` });

  it('lists reviews newest first with the patient’s name', async () => {
    const response = await list();
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.data.map((r: { id: string }) => r.id)).toEqual(reviewIds);
    expect(body.data[0]).toEqual({ id: reviewIds[0], rating: 5, comment: 'Visit 4', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), patientName: 'Grace Wanjiru' });
    expect(body.data.at(-1)).toMatchObject({ rating: 1, comment: null });
    expect(body.nextCursor).toBeNull();
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
    expectProblem(await list(`?limit=2&cursor=${first.slice(0, -3)}abc`), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?limit=500'), 400, 'VALIDATION_FAILED');
  });

  it('answers 404 for an unknown doctor', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/doctors/6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11/reviews' }), 404, 'NOT_FOUND');
  });
});
