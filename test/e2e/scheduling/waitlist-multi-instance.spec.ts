import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { WaitlistOffers } from '../../../src/modules/scheduling/waitlist/waitlist-offers.service.js';
import { WaitlistTasks } from '../../../src/modules/scheduling/waitlist/waitlist.tasks.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expireHold } from '../../helpers/holds.js';
import { twoInstancesSharingTheDatabase } from '../../helpers/instances.js';
import { onRealPostgres } from '../../helpers/lanes.js';
import { appointmentAction, bookOk } from '../../helpers/scheduling.js';
import { joinWaitlistOk, myWaitlist } from '../../helpers/waitlist.js';

const NOW = '2032-03-01T00:00:00.000Z';
const SLOT = '2032-03-08T10:00:00.000Z';
const WISH = { from: '2032-03-08T00:00:00.000Z', to: '2032-03-09T00:00:00.000Z' };

// Two application instances on one PostgreSQL database: the offers are decided by the database.
describe.skipIf(!onRealPostgres)('waitlist offers on two instances sharing the database', () => {
  const instances = twoInstancesSharingTheDatabase(NOW);

  it('makes exactly one offer per cancelled slot while both instances offer it at once', async () => {
    const { first, second } = instances;
    for (let round = 0; round < 4; round++) {
      const doctor = await createBookableDoctor(first, { weekly: [{ day: 'monday', start: '10:00', end: '10:30' }] });
      const booker = await createPatient(first);
      const { id } = await bookOk(first, booker.token, doctor, SLOT);
      const waiting = await Promise.all(Array.from({ length: 4 }, () => createPatient(first)));
      for (const p of waiting) await joinWaitlistOk(p === waiting[0] ? first : second, p.token, doctor, WISH);
      const range = { start: new Date(SLOT), end: new Date('2032-03-08T10:30:00.000Z') };
      const [one, two] = [first, second].map((t) => t.app.get(WaitlistOffers, { strict: false }));
      await Promise.all([appointmentAction(round % 2 ? first : second, booker.token, id, 'cancel', {}), one!.offerFreed(doctor.doctorId, range), two!.offerFreed(doctor.doctorId, range), two!.offerFreed(doctor.doctorId, range)]);
      const holds = await queryRows<{ patient_id: string }>(first, sql`select patient_id from appointment_holds where doctor_id = ${doctor.doctorId} and waitlist_entry_id is not null`);
      expect(holds, `round ${round}`).toEqual([{ patient_id: waiting[0]!.userId }]);
      const mails = await queryRows<{ n: number }>(first, sql`select count(*)::int as n from outbox where kind = 'waitlist.offer' and payload->>'start' = ${SLOT} and payload->>'holdId' in (select id::text from appointment_holds where doctor_id = ${doctor.doctorId})`);
      expect(mails[0]!.n).toBe(1);
    }
  }, 120_000);

  it('passes an expired offer on exactly once with the task running on both instances', async () => {
    const { first, second } = instances;
    const doctor = await createBookableDoctor(first, { weekly: [{ day: 'monday', start: '10:00', end: '10:30' }] });
    const booker = await createPatient(first);
    const { id } = await bookOk(first, booker.token, doctor, SLOT);
    const [a, b, c] = [await createPatient(first), await createPatient(first), await createPatient(first)];
    for (const p of [a, b, c]) await joinWaitlistOk(first, p.token, doctor, WISH);
    await appointmentAction(first, booker.token, id, 'cancel', {});
    await expireHold(first, (await myWaitlist(first, a.token))[0]!.offer!.holdId);
    const tasks = [first, second].map((t) => t.app.get(WaitlistTasks, { strict: false }));
    await Promise.all([tasks[0]!.passOnExpired(), tasks[1]!.passOnExpired(), tasks[0]!.passOnExpired()]);
    expect((await myWaitlist(second, b.token))[0]!.offer?.start).toBe(SLOT);
    expect((await myWaitlist(second, c.token))[0]!.offer).toBeNull();
    const rows = await queryRows<{ ended: string | null }>(first, sql`select ended from appointment_holds where doctor_id = ${doctor.doctorId} order by created_at`);
    expect(rows).toEqual([{ ended: 'expired' }, { ended: null }]);
  });
});
