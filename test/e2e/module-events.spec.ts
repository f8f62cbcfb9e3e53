import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, type EventName } from '../../src/common/events/event-bus.service.js';
import { registerUser, strongPassword, uniqueEmail } from '../helpers/auth.js';
import { queryRows } from '../helpers/db.js';
import { appointmentAction, bookOk, setNow } from '../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { type BookableDoctor, createBookableDoctor, createPatient } from '../helpers/factories.js';

const NOW = '2027-03-01T00:00:00.000Z';
const MORNING = [{ day: 'monday', start: '09:00', end: '12:00' }];
/** The six half-hour slots of Monday morning 2027-03-08 (UTC). */
const SLOTS = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((time) => `2027-03-08T${time}:00.000Z`);

async function rating(t: TestApp, doctorId: string): Promise<{ rating_average: string; rating_count: number }> {
  const [row] = await queryRows<{ rating_average: string; rating_count: number }>(t, sql`select rating_average::text, rating_count from doctors where id = ${doctorId}`);
  return row!;
}

describe('events in a change’s transaction (the doctors module writes its rows for the others)', () => {
  let t: TestApp;
  /** Events whose last handler (this test's) fails, as any handler of the emitting transaction could. */
  const refused = new Set<EventName>();

  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
    const bus = t.app.get(EventBus, { strict: false });
    // Registered after the modules' own handlers, so it runs after they have written their rows.
    for (const event of ['user.registered', 'review.created'] as const) {
      bus.on(event, () => {
        if (refused.has(event)) throw new Error(`${event} refused by the test`);
      });
    }
  });
  afterAll(() => t.close());

  /** Patients with completed appointments of `doctor`, one per slot. */
  async function completedVisits(doctor: BookableDoctor, count: number): Promise<{ token: string; id: string }[]> {
    const visits = [];
    for (const slot of SLOTS.slice(0, count)) {
      const patient = await createPatient(t);
      visits.push({ token: patient.token, id: (await bookOk(t, patient.token, doctor, slot)).id });
    }
    setNow(t, '2027-03-08T12:05:00.000Z');
    try {
      for (const visit of visits) expect((await appointmentAction(t, doctor.token, visit.id, 'complete')).statusCode).toBe(200);
    } finally {
      setNow(t, NOW);
    }
    return visits;
  }

  it('makes a signing-up doctor’s pending profile with the account, and neither when the transaction fails', async () => {
    const doctor = await registerUser(t, { role: 'doctor' });
    expect(await queryRows(t, sql`select verification_status from doctors where user_id = ${doctor.user.id}`)).toEqual([{ verification_status: 'pending' }]);

    const email = uniqueEmail('doctor');
    const payload = { email, password: strongPassword(), fullName: 'Dr Rolled Back', role: 'doctor' };
    refused.add('user.registered');
    try {
      const failed = await t.request({ method: 'POST', url: '/api/v1/auth/register', payload });
      expect(failed.statusCode, failed.body).toBe(500);
    } finally {
      refused.delete('user.registered');
    }
    expect(await queryRows(t, sql`select id from users where email = ${email}`)).toEqual([]);
    expect(await queryRows(t, sql`select d.id from doctors d join users u on u.id = d.user_id where u.full_name = 'Dr Rolled Back'`)).toEqual([]);

    const again = await t.request({ method: 'POST', url: '/api/v1/auth/register', payload });
    expect(again.statusCode, again.body).toBe(201);
    expect(await queryRows(t, sql`select verification_status from doctors where user_id = ${again.json().user.id}`)).toEqual([{ verification_status: 'pending' }]);
  });

  it('stores a review and the doctor’s new rating together, and neither when the transaction fails', async () => {
    const doctor = await createBookableDoctor(t, { weekly: MORNING });
    const [first, second] = await completedVisits(doctor, 2);
    expect((await appointmentAction(t, first!.token, first!.id, 'review', { rating: 4 })).statusCode).toBe(201);
    expect(await rating(t, doctor.doctorId)).toEqual({ rating_average: '4.00', rating_count: 1 });

    refused.add('review.created');
    try {
      const failed = await appointmentAction(t, second!.token, second!.id, 'review', { rating: 1 });
      expect(failed.statusCode, failed.body).toBe(500);
    } finally {
      refused.delete('review.created');
    }
    expect(await queryRows(t, sql`select id from reviews where appointment_id = ${second!.id}`)).toEqual([]);
    expect(await rating(t, doctor.doctorId)).toEqual({ rating_average: '4.00', rating_count: 1 });

    expect((await appointmentAction(t, second!.token, second!.id, 'review', { rating: 5 })).statusCode).toBe(201);
    expect(await rating(t, doctor.doctorId)).toEqual({ rating_average: '4.50', rating_count: 2 });
  });

  it('counts every one of concurrent reviews of one doctor in the rating', async () => {
    const doctor = await createBookableDoctor(t, { weekly: MORNING });
    const visits = await completedVisits(doctor, SLOTS.length);
    const ratings = [5, 4, 4, 3, 5, 2];
    const responses = await Promise.all(visits.map((visit, i) => appointmentAction(t, visit.token, visit.id, 'review', { rating: ratings[i] })));
    expect(responses.map((r) => r.statusCode)).toEqual(visits.map(() => 201));
    // 23 / 6 = 3.833…
    expect(await rating(t, doctor.doctorId)).toEqual({ rating_average: '3.83', rating_count: 6 });
  });
});
