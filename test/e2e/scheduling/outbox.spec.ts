import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLOCK } from '../../../src/common/clock/clock.js';
import { APP_CONFIG } from '../../../src/common/core/tokens.js';
import { LOGGER } from '../../../src/common/logging/logger.js';
import { MAIL, type MailPort } from '../../../src/common/mail/mail.port.js';
import { Metrics } from '../../../src/common/metrics/metrics.js';
import { NotificationPlanner } from '../../../src/modules/scheduling/notifications/notification-planner.service.js';
import { OutboxRepository } from '../../../src/modules/scheduling/notifications/outbox.repository.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { appointmentAction, bookOk, setNow } from '../../helpers/scheduling.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../helpers/smtp.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2032-03-01T00:00:00.000Z';

interface OutboxRow {
  id: string;
  kind: string;
  payload: Record<string, string>;
  available_at: Date | string;
  attempts: number;
  sent_at: Date | string | null;
  last_error: string | null;
}

/** A second worker over the same database, as another instance would run it. */
function secondWorker(t: TestApp): OutboxWorker {
  const get = <T>(token: unknown) => t.app.get<T>(token as never, { strict: false });
  return new OutboxWorker(get(OutboxRepository), get(NotificationPlanner), get(Metrics), get(CLOCK), get(APP_CONFIG), get(LOGGER));
}

/** The app's mail settings for a test SMTP server. */
function smtpEnv(smtp: TestSmtpServer): Record<string, string> {
  return { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'iHosi <no-reply@ihosi.test>' };
}

const recipient = (m: ReceivedMail) => m.envelope.to.join(',');

// The worker sends through the real SMTP transport (nodemailer) to a real SMTP server the
// test runs; what arrived there is what is checked.
describe('notifications outbox', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let sent: ReceivedMail[];
  beforeAll(async () => {
    smtp = await startSmtpServer();
    sent = smtp.received;
    t = await startTestApp({ env: smtpEnv(smtp) });
    setNow(t, NOW);
    expect(t.app.get<MailPort>(MAIL, { strict: false }).kind).toBe('smtp');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const rowsFor = (appointmentId: string) => queryRows<OutboxRow>(t, sql`select * from outbox where payload->>'appointmentId' = ${appointmentId} order by created_at, kind`);

  it('writes booking, reschedule and cancellation rows with the change; reminders 24 h and 2 h ahead that a move moves and a cancellation removes', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, '2032-03-08T10:00:00.000Z', 'private-reason-x1');
    const reminders = async () =>
      (await rowsFor(booked.id)).filter((r) => r.kind === 'appointment.reminder').map((r) => new Date(r.available_at).toISOString()).sort();
    expect(await reminders()).toEqual(['2032-03-07T10:00:00.000Z', '2032-03-08T08:00:00.000Z']);
    await appointmentAction(t, patient.token, booked.id, 'reschedule', { start: '2032-03-09T10:00:00Z' });
    expect(await reminders()).toEqual(['2032-03-08T10:00:00.000Z', '2032-03-09T08:00:00.000Z']);
    await appointmentAction(t, patient.token, booked.id, 'cancel', {});
    const rows = await rowsFor(booked.id);
    expect(rows.map((r) => r.kind).sort()).toEqual(['appointment.booked', 'appointment.cancelled', 'appointment.rescheduled']);
    expect(JSON.stringify(rows)).not.toContain('private-reason-x1');
  });

  it("takes the reminder offsets from the appointment type", async () => {
    const doctor = await createBookableDoctor(t);
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/v1/doctors/me/appointment-types/${doctor.typeId}`,
      headers: { authorization: `Bearer ${doctor.token}` },
      payload: { reminderOffsetsMinutes: [30, 2880, 180] },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().reminderOffsetsMinutes).toEqual([2880, 180, 30]);
    const patient = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, '2032-03-08T10:00:00.000Z');
    const rows = (await rowsFor(booked.id)).filter((r) => r.kind === 'appointment.reminder');
    expect(rows.map((r) => new Date(r.available_at).toISOString()).sort()).toEqual(['2032-03-06T10:00:00.000Z', '2032-03-08T07:00:00.000Z', '2032-03-08T09:30:00.000Z']);
  });

  it('mails patient and doctor over SMTP when a booking is delivered: envelope, headers and body', async () => {
    const worker = t.app.get(OutboxWorker, { strict: false });
    await worker.tick(); // what earlier tests left due
    const doctor = await createBookableDoctor(t, { fullName: 'Dr Mail Test', timezone: 'Africa/Nairobi' });
    const patient = await createPatient(t, 'Patty Mailtest');
    const booked = await bookOk(t, patient.token, doctor, '2032-03-08T10:00:00.000Z', 'private-reason-m2');
    sent.length = 0;
    expect(await worker.tick()).toBe(1);
    expect(sent.map((m) => m.envelope)).toEqual([
      { from: 'no-reply@ihosi.test', to: [patient.email] },
      { from: 'no-reply@ihosi.test', to: [doctor.email] },
    ]);
    const [toPatient, toDoctor] = sent;
    expect(toPatient!.headers).toMatchObject({ from: 'iHosi <no-reply@ihosi.test>', to: patient.email, subject: 'Your appointment is booked' });
    expect(toDoctor!.headers).toMatchObject({ from: 'iHosi <no-reply@ihosi.test>', to: doctor.email, subject: 'New appointment' });
    // In the doctor's zone (10:00 UTC is 13:00 in Nairobi), naming the other party; the type is a
    // video consultation, so both get its meeting link.
    const join = `Join the video visit: ${booked.videoUrl as string}`;
    expect(toPatient!.text).toBe(`Your appointment is confirmed: Monday 8 March 2032 at 13:00 (Africa/Nairobi), with Dr Mail Test.\n${join}`);
    expect(toDoctor!.text).toBe(`A patient booked an appointment: Monday 8 March 2032 at 13:00 (Africa/Nairobi), with Patty Mailtest.\n${join}`);
    expect(JSON.stringify(sent)).not.toContain('private-reason-m2');
  });

  it('writes nothing when the booking fails', async () => {
    const doctor = await createBookableDoctor(t);
    const [a, b] = [await createPatient(t), await createPatient(t)];
    await bookOk(t, a.token, doctor, '2032-03-08T10:00:00.000Z');
    const before = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from outbox`);
    const lost = await t.request({ method: 'POST', url: '/api/v1/appointments', headers: { authorization: `Bearer ${b.token}` }, payload: { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2032-03-08T10:00:00.000Z' } });
    expect(lost.statusCode).toBe(409);
    expect(await queryRows<{ n: number }>(t, sql`select count(*)::int as n from outbox`)).toEqual(before);
  });

  it('delivers each due message exactly once with two workers polling together', async () => {
    await t.app.get(OutboxWorker, { strict: false }).tick(); // what earlier tests left due
    const doctor = await createBookableDoctor(t, { fullName: 'Dr Two Workers' });
    const patients = await Promise.all(Array.from({ length: 6 }, () => createPatient(t)));
    const ids: string[] = [];
    for (const [i, p] of patients.entries()) ids.push((await bookOk(t, p.token, doctor, `2032-03-08T${String(9 + i).padStart(2, '0')}:00:00.000Z`)).id);
    sent.length = 0;
    const first = t.app.get(OutboxWorker, { strict: false });
    const second = secondWorker(t);
    const delivered = await Promise.all([first.tick(), second.tick(), first.tick(), second.tick()]);
    expect(delivered.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
    for (const id of ids) {
      const booked = (await rowsFor(id)).find((r) => r.kind === 'appointment.booked')!;
      expect(booked).toMatchObject({ attempts: 1, last_error: null });
      expect(booked.sent_at).not.toBeNull();
      const reminder = (await rowsFor(id)).find((r) => r.kind === 'appointment.reminder')!;
      expect(reminder.sent_at).toBeNull(); // due only a day before the visit
    }
    const bookingMails = sent.filter((m) => m.headers.subject === 'New appointment' && recipient(m) === doctor.email);
    expect(bookingMails).toHaveLength(6);
    expect(sent.filter((m) => m.headers.subject === 'Your appointment is booked')).toHaveLength(6);
  });

  it('stops between messages when the instance shuts down, giving back those it did not begin as they were', async () => {
    const worker = t.app.get(OutboxWorker, { strict: false });
    while ((await worker.tick()) > 0); // what earlier tests left due
    const doctor = await createBookableDoctor(t);
    const ids: string[] = [];
    for (const [i, start] of ['09', '10', '11'].entries()) ids.push((await bookOk(t, (await createPatient(t, `Stop Patient ${i}`)).token, doctor, `2032-03-08T${start}:00:00.000Z`)).id);
    // The first mail out is where SIGTERM lands: the message being sent finishes, no other begins.
    const stop = new AbortController();
    const mail = t.app.get<MailPort>(MAIL, { strict: false });
    const send = mail.send.bind(mail);
    vi.spyOn(mail, 'send').mockImplementation(async (message) => {
      stop.abort();
      return send(message);
    });
    try {
      expect(await worker.tick(stop.signal)).toBe(1);
    } finally {
      vi.restoreAllMocks();
    }
    const booked = await Promise.all(ids.map(async (id) => (await rowsFor(id)).find((r) => r.kind === 'appointment.booked')!));
    expect(booked.filter((r) => r.sent_at !== null)).toHaveLength(1);
    const givenBack = booked.filter((r) => r.sent_at === null);
    expect(givenBack.map((r) => ({ attempts: r.attempts, last_error: r.last_error }))).toEqual([
      { attempts: 0, last_error: null },
      { attempts: 0, last_error: null },
    ]);
    // Due at once, not after the claim's lease: the next poll (here, or another instance's) sends them.
    expect(await worker.tick()).toBe(2);
  });

  it('retries a failed send with exponential backoff, then delivers', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, '2032-03-08T10:00:00.000Z');
    const worker = t.app.get(OutboxWorker, { strict: false });
    await worker.tick(); // drain whatever earlier tests left due
    await queryRows(t, sql`update outbox set sent_at = null, attempts = 0, available_at = now() where payload->>'appointmentId' = ${booked.id} and kind = 'appointment.booked'`);
    // Undelivered again means no channel has had it either (each channel is delivered once per message).
    await queryRows(t, sql`delete from notification_deliveries where outbox_id in (select id from outbox where payload->>'appointmentId' = ${booked.id})`);
    smtp.refuseNextRecipients(1, 451, 'mailbox busy, try later');
    sent.length = 0;
    const databaseNow = async () => (await queryRows<{ at: string }>(t, sql`select now()::text as at`))[0]!.at;
    const before = await databaseNow();
    await worker.tick();
    const after = await databaseNow();
    expect(sent).toEqual([]);
    let row = (await rowsFor(booked.id)).find((r) => r.kind === 'appointment.booked')!;
    expect(row).toMatchObject({ attempts: 1, sent_at: null, last_error: expect.stringMatching(/451 mailbox busy, try later/) });
    // The first retry is due 10 s after the failure (which happened during that tick), plus the
    // jitter's random part: under a quarter of it, so 10 to 12 whole seconds.
    const [due] = await queryRows<{ ok: boolean }>(t, sql`select available_at between ${before}::timestamptz + interval '10 seconds' and ${after}::timestamptz + interval '12 seconds' as ok from outbox where id = ${row.id}`);
    expect(due!.ok).toBe(true);
    await worker.tick();
    expect((await rowsFor(booked.id)).find((r) => r.kind === 'appointment.booked')!.sent_at).toBeNull(); // not due yet
    await queryRows(t, sql`update outbox set available_at = now() where id = ${row.id}`);
    await worker.tick();
    row = (await rowsFor(booked.id)).find((r) => r.kind === 'appointment.booked')!;
    expect(row.attempts).toBe(2);
    expect(row.sent_at).not.toBeNull();
    expect(sent.map(recipient)).toEqual([patient.email, doctor.email]);
  });

  it('sends the reminder when it falls due, and none for an appointment cancelled since', async () => {
    const doctor = await createBookableDoctor(t);
    const [a, b] = [await createPatient(t), await createPatient(t)];
    const kept = await bookOk(t, a.token, doctor, '2032-03-08T10:00:00.000Z');
    const dropped = await bookOk(t, b.token, doctor, '2032-03-08T11:00:00.000Z');
    await appointmentAction(t, b.token, dropped.id, 'cancel', {});
    expect((await rowsFor(dropped.id)).filter((r) => r.kind === 'appointment.reminder')).toEqual([]);
    const worker = t.app.get(OutboxWorker, { strict: false });
    await worker.tick();
    sent.length = 0;
    setNow(t, '2032-03-07T10:00:00.000Z');
    try {
      await queryRows(t, sql`update outbox set available_at = now() where kind = 'appointment.reminder' and payload->>'appointmentId' = ${kept.id} and payload->>'until' = '2032-03-08T08:00:00.000Z'`);
      await worker.tick();
    } finally {
      setNow(t, NOW);
    }
    expect(sent.filter((m) => m.headers.subject!.startsWith('Reminder')).map(recipient)).toEqual([a.email]);
  });

  it('after an outage sends only the latest due reminder, once, and none once the visit has begun', async () => {
    const doctor = await createBookableDoctor(t);
    const [a, b] = [await createPatient(t), await createPatient(t)];
    const late = await bookOk(t, a.token, doctor, '2032-03-08T10:00:00.000Z');
    const past = await bookOk(t, b.token, doctor, '2032-03-08T09:00:00.000Z');
    const worker = t.app.get(OutboxWorker, { strict: false });
    await worker.tick();
    sent.length = 0;
    // The service was down from before the 24 h reminders until 09:30 on the day.
    await queryRows(t, sql`update outbox set available_at = now() where kind = 'appointment.reminder' and payload->>'appointmentId' in (${late.id}, ${past.id})`);
    setNow(t, '2032-03-08T09:30:00.000Z');
    try {
      await worker.tick();
      expect(sent.filter((m) => m.headers.subject!.startsWith('Reminder')).map(recipient)).toEqual([a.email]);
      await worker.tick();
      expect(sent).toHaveLength(1);
    } finally {
      setNow(t, NOW);
    }
    // b's visit at 09:00 began before its reminders could go: nothing for b, though the service is back.
    const pastRows = (await rowsFor(past.id)).filter((r) => r.kind === 'appointment.reminder');
    expect(pastRows.every((r) => r.sent_at !== null)).toBe(true);
  });
});

describe('notifications worker on a timer', () => {
  it('runs from application start when enabled, and stops on shutdown', async () => {
    const smtp = await startSmtpServer();
    const t = await startTestApp({ env: { ...smtpEnv(smtp), OUTBOX_WORKER_ENABLED: 'true', OUTBOX_POLL_MS: '100' } });
    try {
      setNow(t, NOW);
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const booked = await bookOk(t, patient.token, doctor, '2032-03-08T10:00:00.000Z');
      await vi.waitFor(
        async () => {
          const [row] = await queryRows<{ sent_at: Date | null }>(t, sql`select sent_at from outbox where kind = 'appointment.booked' and payload->>'appointmentId' = ${booked.id}`);
          expect(row!.sent_at).not.toBeNull();
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(smtp.received.map((m) => m.headers.subject).sort()).toEqual(['New appointment', 'Your appointment is booked']);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
