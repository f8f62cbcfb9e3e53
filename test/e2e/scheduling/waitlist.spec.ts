import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAIL, type MailMessage, type MailPort } from '../../../src/common/mail/mail.port.js';
import { Metrics } from '../../../src/common/metrics/metrics.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { WaitlistOffers } from '../../../src/modules/scheduling/waitlist/waitlist-offers.service.js';
import { WaitlistTasks } from '../../../src/modules/scheduling/waitlist/waitlist.tasks.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type BookableDoctor, type TestPatient } from '../../helpers/factories.js';
import { expireHold } from '../../helpers/holds.js';
import { expectProblem } from '../../helpers/http.js';
import { appointmentAction, book, bookOk, setNow, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { joinWaitlist, joinWaitlistOk, myWaitlist } from '../../helpers/waitlist.js';

const NOW = '2032-03-01T00:00:00.000Z';
const SLOT = '2032-03-08T10:00:00.000Z';
const WISH = { from: '2032-03-08T00:00:00.000Z', to: '2032-03-09T00:00:00.000Z' };

async function offersMetric(t: TestApp, outcome: string): Promise<number> {
  const metric = await t.app.get(Metrics, { strict: false }).waitlistOffers.get();
  return metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('waitlist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  /** A doctor working only 10:00–10:30 on 8 March (one slot), whose slot `booker` has booked. */
  async function fullDoctor(): Promise<{ doctor: BookableDoctor; booker: TestPatient; appointmentId: string }> {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '10:00', end: '10:30' }] });
    const booker = await createPatient(t);
    const { id } = await bookOk(t, booker.token, doctor, SLOT);
    return { doctor, booker, appointmentId: id };
  }

  it('keeps entries: 201, listed with no offer, at most five open, deleted with 204; others get 404', async () => {
    const doctor = await createBookableDoctor(t);
    const [patient, other] = [await createPatient(t), await createPatient(t)];
    const created = await joinWaitlist(t, patient.token, doctor, { ...WISH, times: [{ start: '08:00', end: '12:00' }] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({
      id: expect.any(String),
      doctorId: doctor.doctorId,
      appointmentTypeId: doctor.typeId,
      from: WISH.from,
      to: WISH.to,
      times: [{ start: '08:00', end: '12:00' }],
      createdAt: expect.stringMatching(/Z$/),
      offer: null,
    });
    for (let i = 0; i < 4; i++) await joinWaitlistOk(t, patient.token, doctor, WISH);
    expectProblem(await joinWaitlist(t, patient.token, doctor, WISH), 422, 'TOO_MANY_WAITLIST_ENTRIES');
    expect(await myWaitlist(t, patient.token)).toHaveLength(5);
    expect(await myWaitlist(t, other.token)).toEqual([]);
    const id = created.json().id as string;
    expectProblem(await t.request({ method: 'DELETE', url: `/api/v1/waitlist/${id}`, headers: bearer(other.token) }), 404, 'NOT_FOUND');
    expectProblem(await t.request({ method: 'POST', url: `/api/v1/waitlist/${id}/decline`, headers: bearer(other.token) }), 404, 'NOT_FOUND');
    expect((await t.request({ method: 'DELETE', url: `/api/v1/waitlist/${id}`, headers: bearer(patient.token) })).statusCode).toBe(204);
    await joinWaitlistOk(t, patient.token, doctor, WISH);
  });

  it('refuses a window that ends before it starts or is over (400), and a doctor or type that cannot be booked (404)', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    expectProblem(await joinWaitlist(t, patient.token, doctor, { from: WISH.to, to: WISH.from }), 400, 'VALIDATION_FAILED');
    expectProblem(await joinWaitlist(t, patient.token, doctor, { from: '2032-02-01T00:00:00Z', to: '2032-02-02T00:00:00Z' }), 400, 'VALIDATION_FAILED');
    expectProblem(await joinWaitlist(t, patient.token, doctor, { ...WISH, times: [{ start: '12:00', end: '11:00' }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await joinWaitlist(t, patient.token, { doctorId: doctor.doctorId, typeId: '00000000-0000-4000-8000-000000000000' }, WISH), 404, 'NOT_FOUND');
  });

  it('offers a cancelled slot to the oldest matching entry only: a hold, one notification, and the holder books it', async () => {
    const { doctor, booker, appointmentId } = await fullDoctor();
    const [oldest, younger] = [await createPatient(t), await createPatient(t)];
    const first = await joinWaitlistOk(t, oldest.token, doctor, WISH);
    await joinWaitlistOk(t, younger.token, doctor, WISH);
    const made = await offersMetric(t, 'made');
    expect((await appointmentAction(t, booker.token, appointmentId, 'cancel', {})).statusCode).toBe(200);

    const [entry] = await myWaitlist(t, oldest.token);
    expect(entry!.offer).toEqual({ holdId: expect.any(String), start: SLOT, end: '2032-03-08T10:30:00.000Z', expiresAt: expect.stringMatching(/Z$/) });
    expect((await myWaitlist(t, younger.token))[0]!.offer).toBeNull();
    expect(await offersMetric(t, 'made')).toBe(made + 1);
    const messages = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from outbox where kind = 'waitlist.offer' and payload->>'holdId' = ${entry!.offer!.holdId}`);
    expect(messages[0]!.n).toBe(1);
    // The offer is a hold: nobody else sees or takes the slot.
    expect(await slotStarts(t, doctor, '2032-03-08')).not.toContain(SLOT);
    expectProblem(await book(t, younger.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT }), 409, 'SLOT_TAKEN');

    const accepted = await offersMetric(t, 'accepted');
    const withHold = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT, holdId: entry!.offer!.holdId };
    const booked = await book(t, oldest.token, withHold);
    expect(booked.statusCode, booked.body).toBe(201);
    expect(await offersMetric(t, 'accepted')).toBe(accepted + 1);
    expect((await myWaitlist(t, oldest.token)).map((e) => e.id)).not.toContain(first.id);
  });

  it('passes a declined offer to the next entry, and never offers that slot to the decliner again', async () => {
    const { doctor, booker, appointmentId } = await fullDoctor();
    const [a, b] = [await createPatient(t), await createPatient(t)];
    const entryA = await joinWaitlistOk(t, a.token, doctor, WISH);
    await joinWaitlistOk(t, b.token, doctor, WISH);
    await appointmentAction(t, booker.token, appointmentId, 'cancel', {});
    expect((await myWaitlist(t, a.token))[0]!.offer?.start).toBe(SLOT);
    const declined = await t.request({ method: 'POST', url: `/api/v1/waitlist/${entryA.id}/decline`, headers: bearer(a.token) });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().offer).toBeNull();
    expect((await myWaitlist(t, b.token))[0]!.offer?.start).toBe(SLOT);
    expect((await myWaitlist(t, a.token))[0]!.offer).toBeNull();
  });

  it('passes an expired offer to the next entry when the task runs, counting it as expired', async () => {
    const { doctor, booker, appointmentId } = await fullDoctor();
    const [a, b] = [await createPatient(t), await createPatient(t)];
    await joinWaitlistOk(t, a.token, doctor, WISH);
    await joinWaitlistOk(t, b.token, doctor, WISH);
    await appointmentAction(t, booker.token, appointmentId, 'cancel', {});
    const offer = (await myWaitlist(t, a.token))[0]!.offer!;
    await expireHold(t, offer.holdId);
    expect((await myWaitlist(t, a.token))[0]!.offer).toBeNull();
    const expired = await offersMetric(t, 'expired');
    expect(await t.app.get(WaitlistTasks, { strict: false }).passOnExpired()).toBeGreaterThanOrEqual(1);
    expect(await offersMetric(t, 'expired')).toBeGreaterThan(expired);
    expect((await myWaitlist(t, b.token))[0]!.offer?.start).toBe(SLOT);
    const [row] = await queryRows<{ ended: string }>(t, sql`select ended from appointment_holds where id = ${offer.holdId}`);
    expect(row!.ended).toBe('expired');
  });

  it('skips entries whose times of day do not match and patients with a conflicting appointment', async () => {
    const { doctor, booker, appointmentId } = await fullDoctor();
    const [afternoons, busy, free] = [await createPatient(t), await createPatient(t), await createPatient(t)];
    await joinWaitlistOk(t, afternoons.token, doctor, { ...WISH, times: [{ start: '14:00', end: '18:00' }] });
    await joinWaitlistOk(t, busy.token, doctor, WISH);
    await joinWaitlistOk(t, free.token, doctor, { ...WISH, times: [{ start: '09:00', end: '11:00' }] });
    const elsewhere = await createBookableDoctor(t);
    await bookOk(t, busy.token, elsewhere, SLOT);
    await appointmentAction(t, booker.token, appointmentId, 'cancel', {});
    expect((await myWaitlist(t, afternoons.token))[0]!.offer).toBeNull();
    expect((await myWaitlist(t, busy.token))[0]!.offer).toBeNull();
    expect((await myWaitlist(t, free.token))[0]!.offer?.start).toBe(SLOT);
  });

  it('makes exactly one offer of a freed slot when two workers offer it at once', async () => {
    const { doctor, booker, appointmentId } = await fullDoctor();
    const patients = await Promise.all(Array.from({ length: 3 }, () => createPatient(t)));
    for (const p of patients) await joinWaitlistOk(t, p.token, doctor, WISH);
    const offers = t.app.get(WaitlistOffers, { strict: false });
    const range = { start: new Date(SLOT), end: new Date('2032-03-08T10:30:00.000Z') };
    await Promise.all([appointmentAction(t, booker.token, appointmentId, 'cancel', {}), offers.offerFreed(doctor.doctorId, range), offers.offerFreed(doctor.doctorId, range)]);
    await offers.offerFreed(doctor.doctorId, range);
    const rows = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from appointment_holds where doctor_id = ${doctor.doctorId} and waitlist_entry_id is not null`);
    expect(rows[0]!.n).toBe(1);
    expect((await myWaitlist(t, patients[0]!.token))[0]!.offer?.start).toBe(SLOT);
  });

  it('mails the offer to its patient through the outbox', async () => {
    const sent: MailMessage[] = [];
    vi.spyOn(t.app.get<MailPort>(MAIL, { strict: false }), 'send').mockImplementation(async (m) => {
      sent.push(m);
    });
    const worker = t.app.get(OutboxWorker, { strict: false });
    while ((await worker.tick()) > 0);
    sent.length = 0;
    const { doctor, booker, appointmentId } = await fullDoctor();
    const patient = await createPatient(t);
    await joinWaitlistOk(t, patient.token, doctor, WISH);
    await appointmentAction(t, booker.token, appointmentId, 'cancel', {});
    while ((await worker.tick()) > 0);
    const offers = sent.filter((m) => m.to === patient.email);
    expect(offers).toHaveLength(1);
    expect(offers[0]!.subject).toBe('A slot you are waiting for is free');
    expect(offers[0]!.text).toContain('Monday 8 March 2032 at 10:00');
  });
});
