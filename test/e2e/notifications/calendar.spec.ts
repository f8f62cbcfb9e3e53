import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { parseCalendar } from '../../helpers/icalendar.js';
import { appointmentAction, bookOk, setNow } from '../../helpers/scheduling.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../helpers/smtp.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';

/** The text/calendar alternative of a received mail, with its method parameter. */
function invite(mail: ReceivedMail): { contentType: string; calendar: ReturnType<typeof parseCalendar> } {
  const part = mail.parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/calendar'));
  if (!part) throw new Error(`no invite in "${mail.headers.subject}"`);
  return { contentType: part.headers['content-type']!, calendar: parseCalendar(part.text) };
}

describe('calendar invites and feed', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'iHosi <no-reply@ihosi.test>', PUBLIC_API_URL: 'https://api.ihosi.test/' } });
    setNow(t, NOW);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends one UID with a rising SEQUENCE: REQUEST on booking and on a move, CANCEL on cancellation, times true to the zone', async () => {
    const worker = t.app.get(OutboxWorker, { strict: false });
    await worker.tick();
    const doctor = await createBookableDoctor(t, { fullName: 'Dr Invite', timezone: 'America/New_York' });
    const patient = await createPatient(t, 'Ivy Invitee');
    // 2027-03-14 is the US spring-forward day: 10:00 EDT is 14:00Z.
    const booked = await bookOk(t, patient.token, doctor, '2027-03-14T14:00:00.000Z', 'private-reason-cal');
    const steps: [string, () => Promise<unknown>][] = [
      ['booked', async () => undefined],
      ['moved', () => appointmentAction(t, patient.token, booked.id, 'reschedule', { start: '2027-03-15T14:00:00Z' })],
      ['cancelled', () => appointmentAction(t, patient.token, booked.id, 'cancel', {})],
    ];
    const seen: { method: string; sequence: number; start: string; status: unknown; uid: string }[] = [];
    for (const [, act] of steps) {
      await act();
      smtp.received.length = 0;
      await worker.tick();
      const toPatient = smtp.received.find((m) => m.envelope.to.includes(patient.email))!;
      const toDoctor = smtp.received.find((m) => m.envelope.to.includes(doctor.email))!;
      const { contentType, calendar } = invite(toPatient);
      expect(contentType).toContain(`method=${calendar.method}`);
      const event = calendar.events[0]!;
      seen.push({ method: String(calendar.method), sequence: event.sequence, start: event.start.toISOString(), status: event.status, uid: event.uid });
      expect(event.summary).toBe('Appointment with Dr Invite');
      expect(invite(toDoctor).calendar.events[0]!.summary).toBe('Appointment with Ivy Invitee');
      expect(JSON.stringify(smtp.received)).not.toContain('private-reason-cal');
    }
    expect(seen).toEqual([
      { method: 'REQUEST', sequence: 0, start: '2027-03-14T14:00:00.000Z', status: 'CONFIRMED', uid: `${booked.id}@ihosi` },
      { method: 'REQUEST', sequence: 1, start: '2027-03-15T14:00:00.000Z', status: 'CONFIRMED', uid: `${booked.id}@ihosi` },
      { method: 'CANCEL', sequence: 2, start: '2027-03-15T14:00:00.000Z', status: 'CANCELLED', uid: `${booked.id}@ihosi` },
    ]);
  });

  it('serves a private feed of upcoming appointments, and a new token revokes the old', async () => {
    const doctor = await createBookableDoctor(t, { fullName: 'Dr Feed', timezone: 'Europe/Madrid' });
    const patient = await createPatient(t, 'Fay Feed');
    const first = await bookOk(t, patient.token, doctor, '2027-03-28T08:00:00.000Z', 'private-reason-feed');
    const second = await bookOk(t, patient.token, doctor, '2027-03-29T08:00:00.000Z');
    const gone = await bookOk(t, patient.token, doctor, '2027-03-30T08:00:00.000Z');
    await appointmentAction(t, patient.token, gone.id, 'cancel', {});

    const issued = await t.request({ method: 'POST', url: '/api/v1/me/calendar-token', headers: bearer(patient.token) });
    expect(issued.statusCode, issued.body).toBe(201);
    const { token, url } = issued.json() as { token: string; url: string };
    expect(url).toBe(`https://api.ihosi.test/api/v1/calendar/${token}.ics`);

    const feed = await t.request({ method: 'GET', url: `/api/v1/calendar/${token}.ics` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).not.toContain('private-reason-feed');
    const calendar = parseCalendar(feed.body);
    expect(calendar.method).toBe('PUBLISH');
    expect(calendar.events.map((e) => [e.uid, e.start.toISOString(), e.summary])).toEqual([
      [`${first.id}@ihosi`, '2027-03-28T08:00:00.000Z', 'Appointment with Dr Feed'],
      [`${second.id}@ihosi`, '2027-03-29T08:00:00.000Z', 'Appointment with Dr Feed'],
    ]);

    // The doctor's own feed names the patient.
    const doctorToken = (await t.request({ method: 'POST', url: '/api/v1/me/calendar-token', headers: bearer(doctor.token) })).json().token as string;
    const doctorFeed = parseCalendar((await t.request({ method: 'GET', url: `/api/v1/calendar/${doctorToken}.ics` })).body);
    expect(doctorFeed.events.map((e) => e.summary)).toEqual(['Appointment with Fay Feed', 'Appointment with Fay Feed']);

    const again = (await t.request({ method: 'POST', url: '/api/v1/me/calendar-token', headers: bearer(patient.token) })).json().token as string;
    expect(again).not.toBe(token);
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/calendar/${token}.ics` }), 404, 'NOT_FOUND');
    expect((await t.request({ method: 'GET', url: `/api/v1/calendar/${again}.ics` })).statusCode).toBe(200);
    // The token is the feed's only credential: no log line carries it, the request lines included.
    const logged = JSON.stringify(t.logs);
    expect(t.logs.some((line) => line.msg === 'incoming request')).toBe(true);
    for (const secret of [token, again, doctorToken]) expect(logged).not.toContain(secret);
    expect(logged).toContain('/api/v1/calendar/[redacted].ics');
  });

  it('records issuing a token and every read of the feed, with the reader\'s address, never the token', async () => {
    const doctor = await createBookableDoctor(t, { fullName: 'Dr Audit Feed' });
    const patient = await createPatient(t, 'Aud Feed');
    await bookOk(t, patient.token, doctor, '2027-03-29T10:00:00.000Z');
    const { token } = (await t.request({ method: 'POST', url: '/api/v1/me/calendar-token', headers: bearer(doctor.token) })).json() as { token: string };
    for (const remoteAddress of ['203.0.113.7', '198.51.100.23']) {
      expect((await t.request({ method: 'GET', url: `/api/v1/calendar/${token}.ics`, remoteAddress })).statusCode).toBe(200);
    }
    const rows = await queryRows<{ action: string; outcome: string; actor_id: string; resource_id: string; ip: string | null; details: unknown }>(
      t,
      sql`select action, outcome, actor_id, resource_id, host(ip) as ip, details from audit_events where resource_type = 'calendar_feed' and resource_id = ${doctor.userId} order by chain_seq`,
    );
    expect(rows.map((r) => [r.action, r.outcome, r.actor_id, r.resource_id])).toEqual([
      ['calendar.token_issue', 'success', doctor.userId, doctor.userId],
      ['calendar.feed_read', 'success', doctor.userId, doctor.userId],
      ['calendar.feed_read', 'success', doctor.userId, doctor.userId],
    ]);
    expect(rows.slice(1).map((r) => [r.ip, r.details])).toEqual([
      ['203.0.113.7', { count: 1 }],
      ['198.51.100.23', { count: 1 }],
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('answers 404 for a token of the wrong shape and needs no session for the feed', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/calendar/nope.ics' }), 404, 'NOT_FOUND');
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/calendar/${'a'.repeat(43)}.ics` }), 404, 'NOT_FOUND');
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/me/calendar-token' }), 401, 'UNAUTHENTICATED');
  });
});
