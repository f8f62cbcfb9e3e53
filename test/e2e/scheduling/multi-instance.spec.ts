import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { MAIL, type MailMessage, type MailPort } from '../../../src/common/mail/mail.port.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { twoInstancesSharingTheDatabase } from '../../helpers/instances.js';
import { onRealPostgres } from '../../helpers/lanes.js';
import { book, bookOk, slotStarts } from '../../helpers/scheduling.js';

const NOW = '2027-03-01T00:00:00.000Z';
const SLOT = '2027-03-08T10:00:00.000Z';

// Two application instances on one PostgreSQL database (and one Redis, when configured).
describe.skipIf(!onRealPostgres)('two instances sharing the database', () => {
  const instances = twoInstancesSharingTheDatabase(NOW);

  it('gives exactly one 201 and 23 × 409 SLOT_TAKEN for 24 concurrent bookings of one slot', async () => {
    const { first, second } = instances;
    const doctor = await createBookableDoctor(first);
    const patients = await Promise.all(Array.from({ length: 24 }, () => createPatient(first)));
    const responses = await Promise.all(
      patients.map((p, i) => book(i % 2 === 0 ? first : second, p.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT })),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const losers = responses.filter((r) => r.statusCode !== 201);
    expect(losers).toHaveLength(23);
    for (const r of losers) expectProblem(r, 409, 'SLOT_TAKEN');
  });

  it('shows a booking made on one instance in the next slots response of the other', async () => {
    const { first, second } = instances;
    const doctor = await createBookableDoctor(first, { weekly: [{ day: 'monday', start: '09:00', end: '11:00' }] });
    expect(await slotStarts(second, doctor, '2027-03-08')).toContain(SLOT);
    const patient = await createPatient(first);
    const booked = await bookOk(first, patient.token, doctor, SLOT);
    expect(await slotStarts(second, doctor, '2027-03-08')).not.toContain(SLOT);
    await second.request({ method: 'POST', url: `/api/v1/appointments/${booked.id}/cancel`, headers: bearer(patient.token), payload: {} });
    expect(await slotStarts(first, doctor, '2027-03-08')).toContain(SLOT);
  });

  it('replays an Idempotency-Key across instances, also when both requests arrive together', async () => {
    const { first, second } = instances;
    const doctor = await createBookableDoctor(first);
    const patient = await createPatient(first);
    const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT };
    const responses = await Promise.all([first, second, first, second].map((t) => book(t, patient.token, body, { 'idempotency-key': 'across' })));
    for (const r of responses) expect(r.statusCode, r.body).toBe(201);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
  });

  it('delivers each outbox message once with a worker in each instance', async () => {
    const { first, second } = instances;
    const sent: MailMessage[] = [];
    for (const t of [first, second]) {
      vi.spyOn(t.app.get<MailPort>(MAIL, { strict: false }), 'send').mockImplementation(async (m) => {
        sent.push(m);
      });
    }
    const workers = [first, second].map((t) => t.app.get(OutboxWorker, { strict: false }));
    await workers[0]!.tick();
    sent.length = 0;
    const doctor = await createBookableDoctor(first);
    const patients = await Promise.all(Array.from({ length: 10 }, () => createPatient(first)));
    for (const [i, p] of patients.entries()) await bookOk(i % 2 ? first : second, p.token, doctor, `2027-03-0${8 + (i % 2)}T${String(9 + Math.floor(i / 2)).padStart(2, '0')}:00:00.000Z`);
    await Promise.all([workers[0]!.tick(), workers[1]!.tick(), workers[0]!.tick(), workers[1]!.tick()]);
    expect(sent.filter((m) => m.to === doctor.email)).toHaveLength(10);
    const rows = await queryRows<{ attempts: number }>(first, sql`select attempts from outbox where kind = 'appointment.booked' and sent_at is not null and payload->>'appointmentId' in (select id::text from appointments where doctor_id = ${doctor.doctorId})`);
    expect(rows.map((r) => r.attempts)).toEqual(Array(10).fill(1));
  });
});
