import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBus, type EventMap } from '../../src/common/events/event-bus.service.js';
import type { AppointmentStatus } from '../../src/common/validation/enums.js';
import { ReviewsService } from '../../src/modules/reviews/reviews.service.js';
import { queryRows } from '../helpers/db.js';
import { onRealPostgres } from '../helpers/lanes.js';
import { insertAppointment, insertBookableDoctor, insertUser, type RowBookableDoctor, type RowUser } from '../helpers/rows/index.js';
import { setNow } from '../helpers/scheduling.js';
import { clientContext, codeOf } from '../helpers/services.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const NOW = '2027-03-10T00:00:00.000Z';
const CLIENT = clientContext();

describe(`ReviewsService on a real database (${onRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestApp;
  let reviews: ReviewsService;
  /** While set, a test's own `review.created` handler (after the doctors module's) runs inside the review's transaction. */
  let inReviewTransaction: ((tx: EventMap['review.created']['tx']) => Promise<void>) | null = null;
  beforeAll(async () => {
    t = await startTestApp();
    reviews = t.app.get(ReviewsService);
    t.app.get(EventBus).on('review.created', async ({ tx }) => inReviewTransaction?.(tx));
  });
  beforeEach(() => {
    setNow(t, NOW);
    inReviewTransaction = null;
  });
  afterAll(() => t?.close());

  let hour = 0;
  /** A visit of `patient` with `doctor` last week, in `status`. */
  async function visit(doctor: RowBookableDoctor, patient: RowUser, status: AppointmentStatus = 'completed'): Promise<string> {
    const start = new Date(Date.UTC(2027, 2, 1, 9) + hour++ * 3_600_000);
    return insertAppointment(t, { type: doctor.type, patientId: patient.userId, start, status });
  }
  const reviewsOf = async (appointmentId: string) => (await queryRows<{ rating: number }>(t, sql`select rating from reviews where appointment_id = ${appointmentId}`)).map((r) => r.rating);
  const ratingOf = async (doctor: RowBookableDoctor) =>
    (await queryRows<{ average: string; count: number }>(t, sql`select rating_average::text as average, rating_count as count from doctors where id = ${doctor.doctorId}`))[0];

  it('reviews only completed appointments: APPOINTMENT_NOT_COMPLETED for confirmed, cancelled and no-show ones', async () => {
    const doctor = await insertBookableDoctor(t);
    const patient = await insertUser(t);
    for (const status of ['confirmed', 'cancelled', 'no_show'] as const) {
      const id = await visit(doctor, patient, status);
      expect(await codeOf(reviews.review(patient, id, { rating: 4 }, CLIENT))).toBe('APPOINTMENT_NOT_COMPLETED');
      expect(await reviewsOf(id)).toEqual([]);
    }
    const completed = await visit(doctor, patient);
    expect(await reviews.review(patient, completed, { rating: 4, comment: 'Kind and clear' }, CLIENT)).toMatchObject({
      appointmentId: completed,
      doctorId: doctor.doctorId,
      rating: 4,
      comment: 'Kind and clear',
      anonymous: false,
    });
    expect(await reviewsOf(completed)).toEqual([4]);
  });

  it('takes one review per appointment: a second is ALREADY_REVIEWED and changes nothing', async () => {
    const doctor = await insertBookableDoctor(t);
    const patient = await insertUser(t);
    const id = await visit(doctor, patient);
    await reviews.review(patient, id, { rating: 2 }, CLIENT);
    expect(await codeOf(reviews.review(patient, id, { rating: 5 }, CLIENT))).toBe('ALREADY_REVIEWED');
    expect(await reviewsOf(id)).toEqual([2]);
    expect(await ratingOf(doctor)).toEqual({ average: '2.00', count: 1 });
  });

  it('recomputes the doctor’s rating with each review', async () => {
    const doctor = await insertBookableDoctor(t);
    expect(await ratingOf(doctor)).toEqual({ average: '0.00', count: 0 });
    for (const rating of [4, 5, 5]) {
      const patient = await insertUser(t);
      await reviews.review(patient, await visit(doctor, patient), { rating }, CLIENT);
    }
    expect(await ratingOf(doctor)).toEqual({ average: '4.67', count: 3 });
  });

  it('recomputes the rating inside the review’s transaction: both are seen there, and both roll back together', async () => {
    const doctor = await insertBookableDoctor(t);
    const patient = await insertUser(t);
    const id = await visit(doctor, patient);
    let seen: unknown;
    inReviewTransaction = async (tx) => {
      const result = (await tx.execute(sql`select (select rating_count from doctors where id = ${doctor.doctorId}) as count,
                                                   (select count(*)::int from reviews where appointment_id = ${id}) as reviews`)) as unknown as { rows: unknown[] };
      seen = result.rows[0];
      throw new Error('a later step of the transaction fails');
    };
    await expect(reviews.review(patient, id, { rating: 5 }, CLIENT)).rejects.toThrow('a later step of the transaction fails');
    expect(seen).toEqual({ count: 1, reviews: 1 });
    expect(await reviewsOf(id)).toEqual([]);
    expect(await ratingOf(doctor)).toEqual({ average: '0.00', count: 0 });
  });
});
