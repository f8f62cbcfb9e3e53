import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type BookableDoctor, type TestPatient } from '../../helpers/factories.js';
import { FCM_TOKEN_ANSWER, fcmEnv } from '../../helpers/providers/provider-env.js';
import { startProviderServer, type ProviderServer } from '../../helpers/providers/provider-server.js';
import { appointmentAction, bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { joinWaitlistOk, myWaitlist } from '../../helpers/waitlist.js';

const NOW = '2032-03-01T00:00:00.000Z';
const SLOT = '2032-03-08T10:00:00.000Z'; // 11:00 in Madrid
const WISH = { from: '2032-03-08T00:00:00.000Z', to: '2032-03-09T00:00:00.000Z' };
const ALL_EMAIL = { bookingConfirmed: ['email'], reminder: ['email'], appointmentChanged: ['email'], accountSecurity: ['email'] };

// Issue 14: a waitlist offer goes by the channels the patient chose for offers, like every
// other kind; quiet hours never hold it (it expires within minutes): e-mail instead.
describe('waitlist offers through the notification preferences', () => {
  let t: TestApp;
  let provider: ProviderServer;
  let worker: OutboxWorker;
  let mailer: DevelopmentMailer;
  let seq = 0;

  const pushes = () => provider.requests.filter((r) => r.path.includes('messages:send'));
  const drain = async () => {
    while ((await worker.tick()) > 0);
  };
  const deliveries = (holdId: string) =>
    queryRows<{ channel: string; outcome: string }>(t, sql`select d.channel, d.outcome from notification_deliveries d join outbox o on o.id = d.outbox_id where o.payload->>'holdId' = ${holdId} order by d.channel`);

  beforeAll(async () => {
    provider = await startProviderServer('http', (request) => (request.path === '/token' ? FCM_TOKEN_ANSWER : undefined));
    t = await startTestApp({ env: fcmEnv(provider.origin) });
    setNow(t, NOW);
    worker = t.app.get(OutboxWorker, { strict: false });
    mailer = t.app.get<DevelopmentMailer>(MAIL, { strict: false });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });
  beforeEach(async () => {
    await drain();
    provider.requests.length = 0;
    mailer.outbox.length = 0;
  });

  /** A patient with a phone registered, the given offer channels and quiet hours, on the waitlist of a full doctor. */
  async function waiting(waitlistOffer: string[], quietHours: object | null): Promise<{ patient: TestPatient; doctor: BookableDoctor; entryId: string; free: () => Promise<string> }> {
    const doctor = await createBookableDoctor(t, { fullName: 'Maria Lee', timezone: 'Europe/Madrid', weekly: [{ day: 'monday', start: '11:00', end: '11:30' }] });
    const booker = await createPatient(t);
    const { id: appointmentId } = await bookOk(t, booker.token, doctor, SLOT);
    const patient = await createPatient(t);
    const put = await t.request({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: bearer(patient.token), payload: { channels: { ...ALL_EMAIL, waitlistOffer }, quietHours } });
    expect(put.statusCode, put.body).toBe(200);
    seq += 1;
    const device = await t.request({ method: 'POST', url: '/api/v1/me/devices', headers: bearer(patient.token), payload: { platform: 'android', token: `fcm-offer-${seq}-${'c'.repeat(40)}` } });
    expect(device.statusCode, device.body).toBe(201);
    const { id: entryId } = await joinWaitlistOk(t, patient.token, doctor, WISH);
    await drain();
    provider.requests.length = 0;
    mailer.outbox.length = 0;
    const free = async () => {
      expect((await appointmentAction(t, booker.token, appointmentId, 'cancel', {})).statusCode).toBe(200);
      const offer = (await myWaitlist(t, patient.token))[0]!.offer;
      expect(offer?.start).toBe(SLOT);
      return offer!.holdId;
    };
    return { patient, doctor, entryId, free };
  }

  it('pushes the offer, safe for a lock screen, and does not mail it when the patient chose push only', async () => {
    const { patient, free } = await waiting(['push'], null);
    const holdId = await free();
    await drain();
    expect(pushes()).toHaveLength(1);
    const sent = JSON.parse(pushes()[0]!.body.toString()) as { message: { notification: { title: string; body: string }; android: { collapse_key: string } } };
    expect(sent.message.notification).toEqual({ title: 'A slot is free', body: 'A slot with Dr. Lee on Mon 8 Mar at 11:00 is free for you' });
    expect(sent.message.android.collapse_key).toBe(holdId);
    expect(mailer.outbox.filter((m) => m.to === patient.email)).toEqual([]);
    expect(await deliveries(holdId)).toEqual([{ channel: 'push', outcome: 'sent' }]);
  });

  it('mails the offer at once instead of holding the push in quiet hours, even when the patient chose to wait', async () => {
    // 01:00 in Madrid: inside 22:00–07:00.
    const { patient, free } = await waiting(['push'], { start: '22:00', end: '07:00', timeZone: 'Europe/Madrid', otherwise: 'wait' });
    const holdId = await free();
    await drain();
    expect(pushes()).toHaveLength(0);
    const mails = mailer.outbox.filter((m) => m.to === patient.email);
    expect(mails.map((m) => m.subject)).toEqual(['A slot you are waiting for is free']);
    expect(await deliveries(holdId)).toEqual([{ channel: 'email', outcome: 'sent' }]);
    const held = await queryRows(t, sql`select id from outbox where kind = 'waitlist.offer' and payload->>'holdId' = ${holdId} and sent_at is null`);
    expect(held).toEqual([]);
  });

  it('sends nothing for an offer the patient declined before it went out', async () => {
    const { patient, entryId, free } = await waiting(['email', 'push'], null);
    const holdId = await free();
    expect((await t.request({ method: 'POST', url: `/api/v1/waitlist/${entryId}/decline`, headers: bearer(patient.token) })).statusCode).toBe(200);
    await drain();
    expect(pushes()).toHaveLength(0);
    expect(mailer.outbox.filter((m) => m.to === patient.email)).toEqual([]);
    expect(await deliveries(holdId)).toEqual([]);
  });
});
