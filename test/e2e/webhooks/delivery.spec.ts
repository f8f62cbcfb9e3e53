import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../../../src/common/core/tokens.js';
import { LOGGER } from '../../../src/common/logging/logger.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import type { AppConfig } from '../../../src/config/config.js';
import { WebhookHttpClient } from '../../../src/modules/webhooks/delivery/webhook-http-client.js';
import { WebhookDeliveriesRepository } from '../../../src/modules/webhooks/webhook-deliveries.repository.js';
import { WebhookDeliveryWorker } from '../../../src/modules/webhooks/webhook-delivery.worker.js';
import { WebhooksRepository } from '../../../src/modules/webhooks/webhooks.repository.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { adminToken, DOCTORS_TEST_ENV, verify } from '../../helpers/doctors.js';
import { createBookableDoctor, createDoctor, createPatient, type BookableDoctor } from '../../helpers/factories.js';
import { walkPages } from '../../helpers/pages.js';
import { appointmentAction, bookOk, setNow } from '../../helpers/scheduling.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { joinWaitlistOk, myWaitlist } from '../../helpers/waitlist.js';
import { startWebhookReceiver, type ReceivedHook, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const NOW = '2032-03-01T00:00:00.000Z';
const DAY = '2032-03-08';
const at = (time: string) => `${DAY}T${time}:00.000Z`;

interface Subscribed {
  id: string;
  secret: string;
}

function headersOf(hook: ReceivedHook): Record<string, string> {
  return Object.fromEntries(Object.entries(hook.headers).map(([name, value]) => [name, String(value)]));
}

/** Verified with the `standardwebhooks` package, as a subscriber would. */
function verified(secret: string, hook: ReceivedHook): { type: string; timestamp: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(hook.body, headersOf(hook)) as { type: string; timestamp: string; data: Record<string, unknown> };
}

/** Deliveries to a real HTTP receiver, signed as Standard Webhooks says, for every path that changes an appointment. */
describe('webhook delivery', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let receiver: WebhookReceiver;
  let worker: WebhookDeliveryWorker;
  let admin: string;
  let doctor: BookableDoctor;

  const subscribe = async (token: string, path: string, events: string[]): Promise<Subscribed> => {
    const answer = await t.request({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(token), payload: { url: `${receiver.url}${path}`, events } });
    expect(answer.statusCode, answer.body).toBe(201);
    return answer.json();
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver();
    t = await startTestApp({ env: { ...DOCTORS_TEST_ENV, WEBHOOK_ALLOW_PRIVATE: 'true', SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port) } });
    setNow(t, NOW);
    worker = t.app.get(WebhookDeliveryWorker);
    admin = await adminToken(t);
    doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '13:00' }] });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
    await smtp.close();
  });
  beforeEach(async () => {
    // Each test starts with no subscriptions and an empty receiver.
    await queryRows(t, sql`delete from webhook_subscriptions`);
    receiver.received.length = 0;
  });

  it('sends every appointment change, whatever path made it, with the appointment as its owner sees it, signed', async () => {
    const clinic = await subscribe(admin, '/clinic', ['appointment.booked', 'appointment.rescheduled', 'appointment.cancelled', 'appointment.completed', 'appointment.no_show']);
    const own = await subscribe(doctor.token, '/own', ['appointment.booked']);
    const stranger = await createDoctor(t);
    await subscribe(stranger.token, '/stranger', ['appointment.booked']);

    const patient = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, at('09:00'), 'Chest pain when climbing stairs');
    expect((await appointmentAction(t, patient.token, booked.id, 'reschedule', { start: at('10:00') })).statusCode).toBe(200);
    expect((await appointmentAction(t, admin, booked.id, 'cancel', {})).statusCode).toBe(200);
    const completed = await bookOk(t, patient.token, doctor, at('11:00'));
    const missed = await bookOk(t, (await createPatient(t)).token, doctor, at('11:30'));
    setNow(t, `${DAY}T12:05:00.000Z`);
    try {
      expect((await appointmentAction(t, doctor.token, completed.id, 'complete')).statusCode).toBe(200);
      expect((await appointmentAction(t, doctor.token, missed.id, 'no-show')).statusCode).toBe(200);
    } finally {
      setNow(t, NOW);
    }
    expect(receiver.received).toEqual([]); // nothing leaves before the worker runs
    expect(await worker.tick()).toBe(10);

    const clinicHooks = receiver.received.filter((hook) => verifiesWith(clinic.secret, hook));
    const ownHooks = receiver.received.filter((hook) => verifiesWith(own.secret, hook));
    expect(clinicHooks.map((hook) => verified(clinic.secret, hook).type).sort()).toEqual(
      ['appointment.booked', 'appointment.booked', 'appointment.booked', 'appointment.cancelled', 'appointment.completed', 'appointment.no_show', 'appointment.rescheduled'].sort(),
    );
    expect(ownHooks.map((hook) => verified(own.secret, hook).type)).toEqual(['appointment.booked', 'appointment.booked', 'appointment.booked']);
    expect(receiver.received).toHaveLength(clinicHooks.length + ownHooks.length); // the stranger's subscription heard nothing

    // The payload is the appointment as the API shows it to the subscription's owner: no follow-up call needed.
    const cancelled = clinicHooks.map((hook) => verified(clinic.secret, hook)).find((message) => message.type === 'appointment.cancelled')!;
    const shownToAdmin = await t.request({ method: 'GET', url: `/api/v1/appointments/${booked.id}`, headers: bearer(admin) });
    expect(cancelled.data).toEqual(shownToAdmin.json());
    expect(cancelled.data).toMatchObject({ reason: 'Chest pain when climbing stairs', status: 'cancelled', cancelledBy: 'admin', start: at('10:00') });
    // A video visit's link goes to the doctor's own subscription only, as the API shows it to the doctor and never to admins.
    const bookedFor = (secret: string, hooks: ReceivedHook[]) => hooks.map((hook) => verified(secret, hook)).find((m) => m.type === 'appointment.booked' && m.data.id === completed.id)!;
    const shownToDoctor = (await t.request({ method: 'GET', url: `/api/v1/appointments/${completed.id}`, headers: bearer(doctor.token) })).json();
    expect(shownToDoctor.videoUrl).toMatch(/^https:\/\//);
    expect(bookedFor(own.secret, ownHooks).data.videoUrl).toBe(shownToDoctor.videoUrl);
    expect(bookedFor(clinic.secret, clinicHooks).data.videoUrl).toBeNull();
    expect(JSON.stringify(clinicHooks.map((hook) => verified(clinic.secret, hook)))).not.toContain(shownToDoctor.videoUrl);

    // The visit reason is sealed in the stored payload.
    const stored = await queryRows<{ payload: string }>(t, sql`select payload from webhook_deliveries`);
    expect(stored.some((row) => row.payload.includes('Chest pain'))).toBe(false);

    // The deliveries page, two at a time, in the order of the whole list (newest first).
    const deliveries = (query: string) => t.request({ method: 'GET', url: `/api/v1/webhooks/${clinic.id}/deliveries?${query}`, headers: bearer(admin) });
    const whole = (await deliveries('limit=100')).json().data;
    expect(whole).toHaveLength(7);
    expect(await walkPages(t, `/api/v1/webhooks/${clinic.id}/deliveries`, admin, 2)).toEqual(whole);
  });

  it('tells the clinic when an admin verifies a doctor, with the profile as admins see it', async () => {
    const clinic = await subscribe(admin, '/clinic', ['doctor.verified']);
    const pending = await createDoctor(t, { status: 'pending' });
    expect((await verify(t, admin, pending.doctorId, 'rejected')).statusCode).toBe(200);
    expect((await verify(t, admin, pending.doctorId)).statusCode).toBe(200);
    await worker.tick();
    expect(receiver.received).toHaveLength(1);
    const message = verified(clinic.secret, receiver.received[0]!);
    expect(message.type).toBe('doctor.verified');
    const profile = await t.request({ method: 'GET', url: `/api/v1/doctors/${pending.doctorId}`, headers: bearer(admin) });
    expect(message.data).toEqual(profile.json());
  });

  it('tells the clinic and the offered doctor of a waitlist offer, with the offer and no more about the patient', async () => {
    const clinic = await subscribe(admin, '/clinic', ['waitlist.offered']);
    const full = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '10:00', end: '10:30' }] });
    const own = await subscribe(full.token, '/own', ['waitlist.offered']);
    await subscribe(doctor.token, '/other-doctor', ['waitlist.offered']);
    const booker = await createPatient(t);
    const booked = await bookOk(t, booker.token, full, at('10:00'), 'Chest pain when climbing stairs');
    const waiting = await createPatient(t, 'Wanda Waiting');
    const entry = await joinWaitlistOk(t, waiting.token, full, { from: `${DAY}T00:00:00.000Z`, to: '2032-03-09T00:00:00.000Z' });
    expect((await appointmentAction(t, booker.token, booked.id, 'cancel', {})).statusCode).toBe(200);
    const [offered] = await myWaitlist(t, waiting.token);
    expect(offered!.offer).not.toBeNull();

    expect(await worker.tick()).toBe(2);
    expect(receiver.received).toHaveLength(2); // the other doctor's subscription heard nothing
    for (const secret of [clinic.secret, own.secret]) {
      const hooks = receiver.received.filter((h) => verifiesWith(secret, h));
      expect(hooks).toHaveLength(1);
      const hook = hooks[0]!;
      const message = verified(secret, hook);
      expect(message.type).toBe('waitlist.offered');
      expect(message.data).toEqual({
        holdId: offered!.offer!.holdId,
        waitlistEntryId: entry.id,
        doctorId: full.doctorId,
        patientId: waiting.userId,
        appointmentTypeId: full.typeId,
        start: at('10:00'),
        end: at('10:30'),
        expiresAt: offered!.offer!.expiresAt,
      });
      expect(hook.body).not.toContain('Wanda');
      expect(hook.body).not.toContain(waiting.email);
    }
  });

  it('retries a failed delivery with the same webhook-id, then shows it delivered; a manual retry sends it once more', async () => {
    const own = await subscribe(doctor.token, '/own', ['appointment.booked']);
    receiver.answerNext(500);
    await bookOk(t, (await createPatient(t)).token, doctor, at('12:00'));
    expect(await worker.tick()).toBe(0);
    const deliveries = async () => (await t.request({ method: 'GET', url: `/api/v1/webhooks/${own.id}/deliveries`, headers: bearer(doctor.token) })).json().data;
    const [failed] = await deliveries();
    expect(failed).toMatchObject({ event: 'appointment.booked', status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'answered 500', deliveredAt: null });
    // Backoff: the next attempt is 15 s later; not due yet.
    expect(Date.parse(failed.nextAttemptAt) - Date.now()).toBeGreaterThan(10_000);
    expect(await worker.tick()).toBe(0);

    await queryRows(t, sql`update webhook_deliveries set next_attempt_at = now() where id = ${failed.id}`);
    expect(await worker.tick()).toBe(1);
    const [first, second] = receiver.received;
    expect(first!.headers['webhook-id']).toBe(failed.id);
    expect(second!.headers['webhook-id']).toBe(failed.id);
    expect(second!.body).toBe(first!.body);
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 204, lastError: null, nextAttemptAt: null });

    const retried = await t.request({ method: 'POST', url: `/api/v1/webhooks/${own.id}/deliveries/${failed.id}/retry`, headers: bearer(doctor.token) });
    expect(retried.statusCode, retried.body).toBe(202);
    expect(await worker.tick()).toBe(1);
    expect(receiver.received.map((hook) => hook.headers['webhook-id'])).toEqual([failed.id, failed.id, failed.id]);
  });

  it('stops between attempts when the instance shuts down, giving back those it did not begin as they were', async () => {
    const ownDoctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '13:00' }] });
    const own = await subscribe(ownDoctor.token, '/own', ['appointment.booked']);
    for (const time of ['09:30', '10:30', '11:30']) await bookOk(t, (await createPatient(t)).token, ownDoctor, at(time));
    // One attempt at a time, as WEBHOOK_CONCURRENCY=1 would run them; the first attempt's
    // signing is where SIGTERM lands: that attempt finishes, no other begins.
    const get = <T>(token: unknown) => t.app.get<T>(token as never, { strict: false });
    const config = get<AppConfig>(APP_CONFIG);
    const subscriptions = get<WebhooksRepository>(WebhooksRepository);
    const stop = new AbortController();
    const signingTarget = subscriptions.signingTarget.bind(subscriptions);
    const stopping = Object.assign(Object.create(subscriptions) as WebhooksRepository, {
      signingTarget: (id: string) => {
        stop.abort();
        return signingTarget(id);
      },
    });
    const oneAtATime = new WebhookDeliveryWorker(get(WebhookDeliveriesRepository), stopping, get(WebhookHttpClient), get(MAIL), { ...config, webhooks: { ...config.webhooks, concurrency: 1 } }, get(LOGGER));
    expect(await oneAtATime.tick(stop.signal)).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const rows = await queryRows<{ status: string; attempts: number; due: boolean }>(t, sql`select status, attempts, next_attempt_at <= now() as due from webhook_deliveries where subscription_id = ${own.id} order by status, attempts`);
    expect(rows).toEqual([
      { status: 'delivered', attempts: 1, due: false },
      { status: 'pending', attempts: 0, due: true },
      { status: 'pending', attempts: 0, due: true },
    ]);
    expect(await worker.tick()).toBe(2);
  });

  it('gives a delivery up at the end of its day, and disables a subscription after a day of failures, telling its owner by e-mail', async () => {
    const own = await subscribe(doctor.token, '/own', ['appointment.booked']);
    receiver.answerNext(503, 503);
    await bookOk(t, (await createPatient(t)).token, doctor, at('12:30'));
    expect(await worker.tick()).toBe(0);
    await queryRows(t, sql`update webhook_deliveries set next_attempt_at = now(), retry_until = now() - interval '1 second'`);
    await queryRows(t, sql`update webhook_subscriptions set failing_since = now() - interval '25 hours' where id = ${own.id}`);
    const mailsBefore = smtp.received.length;
    expect(await worker.tick()).toBe(0);

    const [delivery] = (await t.request({ method: 'GET', url: `/api/v1/webhooks/${own.id}/deliveries`, headers: bearer(doctor.token) })).json().data;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: 503 });
    const subscription = (await t.request({ method: 'GET', url: `/api/v1/webhooks/${own.id}`, headers: bearer(doctor.token) })).json();
    expect(subscription.active).toBe(false);
    expect(subscription.disabledAt).not.toBeNull();
    const mails = smtp.received.slice(mailsBefore);
    expect(mails.map((mail) => mail.envelope.to)).toEqual([[doctor.email]]);
    expect(mails[0]!.text).toContain(own.id);

    // Switched off, it hears nothing more; switched on again, it has a fresh day.
    await bookOk(t, (await createPatient(t)).token, doctor, at('09:30'));
    const patched = await t.request({ method: 'PATCH', url: `/api/v1/webhooks/${own.id}`, headers: bearer(doctor.token), payload: { active: true } });
    expect(patched.json()).toMatchObject({ active: true, disabledAt: null });
    receiver.received.length = 0;
    expect(await worker.tick()).toBe(0);
    expect(receiver.received).toEqual([]);
  });

  it('signs with both secrets for a day after a rotation', async () => {
    const own = await subscribe(doctor.token, '/own', ['appointment.booked']);
    const rotated = (await t.request({ method: 'POST', url: `/api/v1/webhooks/${own.id}/secret/rotate`, headers: bearer(doctor.token) })).json();
    await bookOk(t, (await createPatient(t)).token, doctor, at('10:30'));
    await worker.tick();
    const [hook] = receiver.received;
    expect(String(hook!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verified(rotated.secret, hook!).type).toBe('appointment.booked');
    expect(verified(own.secret, hook!).type).toBe('appointment.booked');

    await queryRows(t, sql`update webhook_subscriptions set previous_secret_expires_at = now() - interval '1 second' where id = ${own.id}`);
    // Only this subscription's deliveries: the others of the file, made due together, could fill the worker's batch first.
    await queryRows(t, sql`update webhook_deliveries set next_attempt_at = now(), status = 'pending' where subscription_id = ${own.id}`);
    receiver.received.length = 0;
    await worker.tick();
    expect(String(receiver.received[0]!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verified(own.secret, receiver.received[0]!)).toThrow();
  });
});

function verifiesWith(secret: string, hook: ReceivedHook): boolean {
  try {
    new Webhook(secret).verify(hook.body, headersOf(hook));
    return true;
  } catch {
    return false;
  }
}
