import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { bearer, registerUser, strongPassword } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { appointmentAction, bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createBookableDoctor } from '../../helpers/factories.js';

const NOW = '2027-03-01T00:00:00.000Z';
const tag = randomBytes(3).toString('hex');
// Distinctive values: none can appear in a log line by chance.
const PHI = {
  patientName: `Zebulon Quaxley-${tag}`,
  patientEmail: `zebulon.quaxley.${tag}@example.com`,
  doctorEmail: `dr.ottoline.${tag}@example.com`,
  phone: '+49 30 5550 7731',
  dateOfBirth: '1961-07-23',
  reason: `Persistent xylophage cough ${tag}`,
  cancellationReason: `Quokka emergency at home ${tag}`,
  comment: `Wonderfully zygomatic bedside manner ${tag}`,
};

describe('health details in logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  /** Runs the notification worker until nothing is due: every queued mail is "sent". */
  async function drainOutbox(): Promise<void> {
    const worker = t.app.get(OutboxWorker, { strict: false });
    for (let i = 0; i < 20 && (await worker.tick()) > 0; i++);
  }

  it('holds no phone, date of birth, reason, comment, patient name or e-mail after booking, reminder, cancellation, reset and review flows', async () => {
    const mailer = t.app.get<DevelopmentMailer>(MAIL, { strict: false });
    expect(mailer).toBeInstanceOf(DevelopmentMailer);
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
    await queryRows(t, sql`update users set email = ${PHI.doctorEmail} where id = ${doctor.userId}`);
    const patient = await registerUser(t, { role: 'patient', email: PHI.patientEmail, fullName: PHI.patientName, phone: PHI.phone });
    const token = patient.accessToken;
    expect((await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(token), payload: { dateOfBirth: PHI.dateOfBirth } })).statusCode).toBe(200);

    // Booking, and its reminder made due now.
    const kept = await bookOk(t, token, doctor, '2027-03-08T09:00:00.000Z', PHI.reason);
    await queryRows(t, sql`update outbox set available_at = now() where kind = 'appointment.reminder' and payload->>'appointmentId' = ${kept.id}`);
    // Cancellation with a reason.
    const cancelled = await bookOk(t, token, doctor, '2027-03-08T10:00:00.000Z', PHI.reason);
    expect((await appointmentAction(t, token, cancelled.id, 'cancel', { reason: PHI.cancellationReason })).statusCode).toBe(200);
    await drainOutbox(); // before the visit completes: a reminder of a finished visit sends nothing
    // A completed visit and its review.
    setNow(t, '2027-03-08T09:45:00.000Z');
    expect((await appointmentAction(t, doctor.token, kept.id, 'complete')).statusCode).toBe(200);
    const review = await appointmentAction(t, token, kept.id, 'review', { rating: 5, comment: PHI.comment });
    expect(review.statusCode, review.body).toBe(201);
    setNow(t, NOW);
    // Password reset: requested, mailed (after the 202), used.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: PHI.patientEmail } })).statusCode).toBe(202);
    let resetToken: string | undefined;
    for (let i = 0; i < 200 && !resetToken; i++) {
      resetToken = /#token=([A-Za-z0-9_-]{43})/.exec(mailer.outbox.findLast((m) => m.subject.match(/reset/i) && m.to === PHI.patientEmail)?.text ?? '')?.[1];
      if (!resetToken) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(resetToken).toBeDefined();
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token: resetToken, newPassword: strongPassword() } })).statusCode).toBe(204);
    await drainOutbox();
    // The reads show the details back (so they were really in play).
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews` })).body).toContain(PHI.comment);

    // Every mail went out through the transport: booked x2, reminder, cancelled, reset.
    const toPatient = mailer.outbox.filter((m) => m.to === PHI.patientEmail).map((m) => m.subject);
    expect(toPatient).toEqual(expect.arrayContaining([expect.stringMatching(/booked/), expect.stringMatching(/Reminder/), expect.stringMatching(/cancelled/), expect.stringMatching(/reset/i)]));
    expect(mailer.outbox.some((m) => m.to === PHI.doctorEmail && m.text.includes(PHI.patientName))).toBe(true);

    expect(t.logs.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const line of t.logs) {
      const text = JSON.stringify(line).toLowerCase();
      for (const [name, value] of Object.entries(PHI)) if (text.includes(value.toLowerCase())) leaks.push(`${name} in: ${String(line.msg)}`);
      if (text.includes('5550 7731') || text.includes('55507731')) leaks.push(`phone digits in: ${String(line.msg)}`);
    }
    expect(leaks).toEqual([]);
  });
});
