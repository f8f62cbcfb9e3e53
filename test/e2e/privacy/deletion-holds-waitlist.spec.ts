import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { deleteMe } from '../../helpers/privacy.js';
import { insertAppointmentType, insertHold, insertUser, insertWaitlistEntry, remaining, type RowAppointmentType } from '../../helpers/rows/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

/** A registered doctor (with a password, so the account can be deleted) and an appointment type of theirs. */
async function doctorWithType(t: TestApp): Promise<{ session: Awaited<ReturnType<typeof registerUser>>; type: RowAppointmentType }> {
  const session = await registerUser(t, { role: 'doctor', fullName: 'Dr Waiting Room' });
  const [row] = await queryRows<{ id: string }>(t, sql`select id from doctors where user_id = ${session.user.id}`);
  return { session, type: await insertAppointmentType(t, row!.id) };
}

describe('DELETE /api/v1/me: holds and waitlist entries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("a patient's deletion removes their holds and waitlist entries, and no one else's", async () => {
    const { type } = await doctorWithType(t);
    const leaving = await registerUser(t);
    const staying = await insertUser(t);
    const gone = [await insertHold(t, type, leaving.user.id, '2030-06-03T09:00:00Z'), await insertWaitlistEntry(t, type, leaving.user.id)];
    const kept = { hold: await insertHold(t, type, staying.userId, '2030-06-03T11:00:00Z'), entry: await insertWaitlistEntry(t, type, staying.userId) };

    expect((await deleteMe(t, leaving.accessToken, { password: leaving.password })).statusCode).toBe(204);

    expect(await remaining(t, 'appointment_holds', [gone[0]!, kept.hold])).toEqual([kept.hold]);
    expect(await remaining(t, 'waitlist_entries', [gone[1]!, kept.entry])).toEqual([kept.entry]);
  });

  it("a doctor's deletion removes the holds and waitlist entries for that doctor, and none for other doctors", async () => {
    const leaving = await doctorWithType(t);
    const other = await doctorWithType(t);
    const patient = await insertUser(t);
    const neighbour = await insertUser(t);
    const gone = { hold: await insertHold(t, leaving.type, patient.userId, '2030-06-04T09:00:00Z'), entry: await insertWaitlistEntry(t, leaving.type, patient.userId) };
    const kept = { hold: await insertHold(t, other.type, neighbour.userId, '2030-06-04T09:00:00Z'), entry: await insertWaitlistEntry(t, other.type, patient.userId) };

    expect((await deleteMe(t, leaving.session.accessToken, { password: leaving.session.password })).statusCode).toBe(204);

    expect(await remaining(t, 'appointment_holds', [gone.hold, kept.hold])).toEqual([kept.hold]);
    expect(await remaining(t, 'waitlist_entries', [gone.entry, kept.entry])).toEqual([kept.entry]);
  });
});
