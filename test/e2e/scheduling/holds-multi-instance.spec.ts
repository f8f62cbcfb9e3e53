import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expireHold, hold, holdOk } from '../../helpers/holds.js';
import { expectProblem } from '../../helpers/http.js';
import { twoInstancesSharingTheDatabase } from '../../helpers/instances.js';
import { onRealPostgres } from '../../helpers/lanes.js';
import { book, bookOk, slotStarts } from '../../helpers/scheduling.js';

const NOW = '2027-03-01T00:00:00.000Z';
const SLOT = '2027-03-08T10:00:00.000Z';

// Two application instances on one PostgreSQL database: holds are decided by the database alone.
describe.skipIf(!onRealPostgres)('holds on two instances sharing the database', () => {
  const instances = twoInstancesSharingTheDatabase(NOW);

  it('gives exactly one 201 for 16 concurrent holds of one slot across the instances', async () => {
    const { first, second } = instances;
    const doctor = await createBookableDoctor(first);
    const patients = await Promise.all(Array.from({ length: 16 }, () => createPatient(first)));
    const responses = await Promise.all(patients.map((p, i) => hold(i % 2 ? first : second, p.token, doctor, SLOT)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.statusCode !== 201)) expectProblem(r, 409, 'SLOT_TAKEN');
  });

  it('gives exactly one winner when holds and bookings of one slot race across the instances', async () => {
    const { first, second } = instances;
    for (let round = 0; round < 5; round++) {
      const doctor = await createBookableDoctor(first);
      const patients = await Promise.all(Array.from({ length: 12 }, () => createPatient(first)));
      const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT };
      const responses = await Promise.all(patients.map((p, i) => (i % 2 ? hold(i % 4 === 1 ? first : second, p.token, doctor, SLOT) : book(i % 4 === 0 ? first : second, p.token, body))));
      expect(responses.filter((r) => r.statusCode === 201), `round ${round}`).toHaveLength(1);
      for (const r of responses.filter((r) => r.statusCode !== 201)) expectProblem(r, 409, 'SLOT_TAKEN');
    }
  }, 120_000);

  it('never double-books when the holder converts on one instance while others book on both', async () => {
    const { first, second } = instances;
    for (let round = 0; round < 5; round++) {
      const doctor = await createBookableDoctor(first);
      const holder = await createPatient(first);
      const racers = await Promise.all(Array.from({ length: 8 }, () => createPatient(first)));
      const held = await holdOk(second, holder.token, doctor, SLOT);
      const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT };
      const withHold = { ...body, holdId: held.id };
      const responses = await Promise.all([book(first, holder.token, withHold), ...racers.map((r, i) => book(i % 2 ? first : second, r.token, body))]);
      expect(responses[0]!.statusCode, responses[0]!.body).toBe(201);
      for (const r of responses.slice(1)) expectProblem(r, 409, 'SLOT_TAKEN');
      const rows = await queryRows<{ patient_id: string }>(first, sql`select patient_id from appointments where doctor_id = ${doctor.doctorId} and status = 'confirmed'`);
      expect(rows).toEqual([{ patient_id: holder.userId }]);
    }
  }, 120_000);

  it('shows a hold made on one instance in the other instance’s listing, and frees the slot on expiry', async () => {
    const { first, second } = instances;
    const doctor = await createBookableDoctor(first, { weekly: [{ day: 'monday', start: '09:00', end: '11:00' }] });
    const [a, b] = [await createPatient(first), await createPatient(first)];
    expect(await slotStarts(second, doctor, '2027-03-08')).toContain(SLOT);
    const held = await holdOk(first, a.token, doctor, SLOT);
    expect(await slotStarts(second, doctor, '2027-03-08')).not.toContain(SLOT);
    await expireHold(first, held.id);
    await bookOk(second, b.token, doctor, SLOT);
  });
});
