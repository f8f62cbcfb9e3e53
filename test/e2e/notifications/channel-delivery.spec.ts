import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import type { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type TestPatient } from '../../helpers/factories.js';
import { FCM_TOKEN_ANSWER, fcmEnv, smsEnv } from '../../helpers/providers/provider-env.js';
import { startProviderServer, type ProviderServer } from '../../helpers/providers/provider-server.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2032-03-01T00:00:00.000Z';
const PHONE = '+4930555001';

// The outbox worker hands each message to e-mail, push and SMS through the channel port; FCM,
// Google's token endpoint and a Twilio-compatible Messages API are one local HTTP server.
describe('notification channels through the outbox', () => {
  let t: TestApp;
  let provider: ProviderServer;
  let worker: OutboxWorker;
  let patient: TestPatient;
  let doctor: Awaited<ReturnType<typeof createBookableDoctor>>;

  const sends = () => provider.requests.filter((r) => r.path.includes('messages:send'));
  const texts = () => provider.requests.filter((r) => r.path.includes('/Messages.json'));
  const due = (appointmentId: string, kind: string) => queryRows(t, sql`update outbox set available_at = now() where payload->>'appointmentId' = ${appointmentId} and kind = ${kind}`);
  const deliveries = (appointmentId: string, kind: string) =>
    queryRows<{ channel: string; outcome: string }>(t, sql`select d.channel, d.outcome from notification_deliveries d join outbox o on o.id = d.outbox_id where o.payload->>'appointmentId' = ${appointmentId} and o.kind = ${kind} order by d.channel`);

  beforeAll(async () => {
    provider = await startProviderServer('http', (request) => (request.path === '/token' ? FCM_TOKEN_ANSWER : request.path.includes('Messages') ? { status: 201, body: { sid: 'SM1' } } : undefined));
    t = await startTestApp({ env: { ...fcmEnv(provider.origin), ...smsEnv(provider.origin) } });
    setNow(t, NOW);
    worker = t.app.get(OutboxWorker, { strict: false });
    doctor = await createBookableDoctor(t, { fullName: 'Maria Lee', timezone: 'Europe/Madrid' });
    // One reminder (24 h ahead) per visit, as these tests tell them apart by kind (issue 14 made the offsets per type).
    const type = await t.request({ method: 'PATCH', url: `/api/v1/doctors/me/appointment-types/${doctor.typeId}`, headers: bearer(doctor.token), payload: { reminderOffsetsMinutes: [1440] } });
    expect(type.statusCode, type.body).toBe(200);
    patient = await createPatient(t, 'Pat Push');
    // Reminders by e-mail, push and SMS (issue 14: SMS is the patient's choice; without one, e-mail and push).
    const preferences = await t.request({
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      headers: bearer(patient.token),
      payload: {
        channels: { bookingConfirmed: ['email', 'push'], reminder: ['email', 'push', 'sms'], appointmentChanged: ['email', 'push', 'sms'], waitlistOffer: ['email'], accountSecurity: ['email'] },
        quietHours: null,
      },
    });
    expect(preferences.statusCode, preferences.body).toBe(200);
    const device = await t.request({ method: 'POST', url: '/api/v1/me/devices', headers: bearer(patient.token), payload: { platform: 'android', token: `fcm-token-${'a'.repeat(40)}` } });
    expect(device.statusCode, device.body).toBe(201);
    await t.request({ method: 'POST', url: '/api/v1/me/phone/verification', headers: bearer(patient.token), payload: { phone: PHONE } });
    const code = /\b(\d{6})\b/.exec(new URLSearchParams(texts().at(-1)!.body.toString()).get('Body')!)![1]!;
    expect((await t.request({ method: 'POST', url: '/api/v1/me/phone/verification/confirm', headers: bearer(patient.token), payload: { code } })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });
  beforeEach(async () => {
    await worker.tick(); // whatever is due already
    provider.requests.length = 0;
  });

  it('pushes a booking to the patient’s device, safe for a lock screen, and mails it', async () => {
    const booked = await bookOk(t, patient.token, doctor, '2032-03-08T09:30:00.000Z', 'private-reason-psych-1');
    const mailer = t.app.get<DevelopmentMailer>(MAIL, { strict: false });
    mailer.outbox.length = 0;
    expect(await worker.tick()).toBe(1);
    expect(sends()).toHaveLength(1);
    const message = JSON.parse(sends()[0]!.body.toString()) as { message: { token: string; notification: { title: string; body: string }; android: { collapse_key: string } } };
    expect(message.message.token).toBe(`fcm-token-${'a'.repeat(40)}`);
    expect(message.message.notification).toEqual({ title: 'Appointment booked', body: 'Your appointment with Dr. Lee on Mon 8 Mar at 10:30' });
    expect(message.message.android.collapse_key).toBe(booked.id);
    expect(JSON.stringify(provider.requests.map((r) => r.body.toString()))).not.toMatch(/private-reason|Consultation|video/);
    expect(texts()).toHaveLength(0); // a booking is not texted by default
    expect(mailer.outbox.map((m) => m.to)).toContain(patient.email);
    expect(await deliveries(booked.id, 'appointment.booked')).toEqual([
      { channel: 'email', outcome: 'sent' },
      { channel: 'push', outcome: 'sent' },
    ]);
  });

  it('sends a reminder by push and by SMS to the verified phone', async () => {
    const booked = await bookOk(t, patient.token, doctor, '2032-03-02T09:30:00.000Z');
    await worker.tick();
    provider.requests.length = 0;
    await due(booked.id, 'appointment.reminder');
    expect(await worker.tick()).toBe(1);
    expect(JSON.parse(sends()[0]!.body.toString()).message.notification.body).toBe('Your appointment with Dr. Lee tomorrow at 10:30');
    expect(texts()).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(texts()[0]!.body.toString()))).toMatchObject({ To: PHONE, Body: 'Your appointment with Dr. Lee tomorrow at 10:30' });
  });

  it('delivers each channel once: a failed SMS is retried alone, without a second push or mail', async () => {
    const booked = await bookOk(t, patient.token, doctor, '2032-03-03T09:30:00.000Z');
    await worker.tick();
    await due(booked.id, 'appointment.reminder');
    provider.requests.length = 0;
    provider.queue(/Messages/, { status: 503 }, { status: 503 }, { status: 503 });
    expect(await worker.tick()).toBe(0);
    expect(sends()).toHaveLength(1);
    expect(texts()).toHaveLength(3); // the channel's own retries with backoff
    const [row] = await queryRows<{ sent_at: unknown; last_error: string }>(t, sql`select sent_at, last_error from outbox where payload->>'appointmentId' = ${booked.id} and kind = 'appointment.reminder'`);
    expect(row!.sent_at).toBeNull();
    expect(row!.last_error).toMatch(/^sms: SMS API 503/);
    await due(booked.id, 'appointment.reminder');
    expect(await worker.tick()).toBe(1);
    expect(sends()).toHaveLength(1);
    expect(texts()).toHaveLength(4);
    expect((await deliveries(booked.id, 'appointment.reminder')).map((d) => d.channel)).toEqual(['email', 'push', 'sms']);
  });

  it('forgets a device whose token FCM calls unregistered', async () => {
    const other = await createPatient(t, 'Pat Gone');
    await t.request({ method: 'POST', url: '/api/v1/me/devices', headers: bearer(other.token), payload: { platform: 'android', token: `fcm-token-${'b'.repeat(40)}` } });
    await bookOk(t, other.token, doctor, '2032-03-09T09:30:00.000Z');
    provider.queue(/messages:send/, { status: 404, body: { error: { status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] } } });
    expect(await worker.tick()).toBe(1);
    const left = await queryRows(t, sql`select id from devices where user_id = ${other.userId}`);
    expect(left).toEqual([]);
  });

  // Last: it stops FCM for this app.
  it('stops pushing after FCM refuses the service account, alerting once', async () => {
    const first = await bookOk(t, patient.token, doctor, '2032-03-10T09:30:00.000Z');
    provider.queue(/messages:send/, { status: 403, body: { error: { status: 'PERMISSION_DENIED', message: 'SenderId mismatch or missing permission' } } });
    expect(await worker.tick()).toBe(1);
    const second = await bookOk(t, patient.token, doctor, '2032-03-11T09:30:00.000Z');
    expect(await worker.tick()).toBe(1);
    expect(sends()).toHaveLength(1);
    const alerts = t.logs.filter((l) => l.alert === 'notification-credentials');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level: 50, provider: 'FCM' });
    for (const id of [first.id, second.id]) expect(await deliveries(id, 'appointment.booked')).toContainEqual({ channel: 'push', outcome: 'off' });
  });
});
