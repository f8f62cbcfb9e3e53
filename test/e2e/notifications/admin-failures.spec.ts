import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { adminToken, DOCTORS_TEST_ENV } from '../../helpers/doctors.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('failed notifications (admin)', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: string;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { ...DOCTORS_TEST_ENV, SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), NOTIFY_MAX_ATTEMPTS: '2' } });
    setNow(t, '2027-03-01T00:00:00.000Z');
    admin = await adminToken(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('dead-letters a message after NOTIFY_MAX_ATTEMPTS, lists it, counts it, and a retry delivers it', async () => {
    const worker = t.app.get(OutboxWorker, { strict: false });
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, '2027-03-08T10:00:00.000Z', 'private-reason-dead');
    const bookedRow = async () =>
      (await queryRows<{ id: string; attempts: number; dead_at: Date | null; sent_at: Date | null }>(t, sql`select id, attempts, dead_at, sent_at from outbox where kind = 'appointment.booked' and payload->>'appointmentId' = ${booked.id}`))[0]!;
    for (let attempt = 1; attempt <= 2; attempt++) {
      // As Postfix refuses a recipient: the reply quotes the address.
      smtp.refuseNextRecipients(1, 550, `5.1.1 <${patient.email}>: Recipient address rejected: no such mailbox`);
      await queryRows(t, sql`update outbox set available_at = now() where id = ${(await bookedRow()).id}`);
      await worker.tick();
    }
    const dead = await bookedRow();
    expect(dead).toMatchObject({ attempts: 2, sent_at: null });
    expect(dead.dead_at).not.toBeNull();
    // A dead letter is not claimed again, however due.
    await queryRows(t, sql`update outbox set available_at = now() where id = ${dead.id}`);
    await worker.tick();
    expect((await bookedRow()).attempts).toBe(2);

    const list = await t.request({ method: 'GET', url: '/api/v1/admin/notifications?status=failed', headers: bearer(admin) });
    expect(list.statusCode, list.body).toBe(200);
    const item = (list.json().data as Record<string, unknown>[]).find((n) => n.id === dead.id);
    expect(item).toMatchObject({ kind: 'appointment.booked', appointmentId: booked.id, attempts: 2, lastError: expect.stringContaining('550') });
    expect(list.body).not.toContain('private-reason-dead');
    // The server's reply is kept for the admin without the patient's address, and logged without it.
    expect(item!.lastError).toContain('<[e-mail]>: Recipient address rejected');
    expect(list.body).not.toContain(patient.email);
    expect(JSON.stringify(t.logs)).not.toContain(patient.email);

    const metrics = await t.request({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/notifications_total\{channel="any",outcome="dead"\} 1/);
    expect(metrics.body).toMatch(/notifications_total\{channel="any",outcome="failed"\} 1/);

    const retried = await t.request({ method: 'POST', url: `/api/v1/admin/notifications/${dead.id}/retry`, headers: bearer(admin) });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: dead.id, attempts: 0, deadAt: null });
    smtp.received.length = 0;
    await worker.tick();
    expect((await bookedRow()).sent_at).not.toBeNull();
    expect(smtp.received.map((m) => m.envelope.to[0])).toEqual([patient.email, doctor.email]);
    expect((await t.request({ method: 'GET', url: '/metrics' })).body).toMatch(/notifications_total\{channel="email",outcome="sent"\} \d+/);
    // Retrying what is no longer a dead letter is 404.
    expectProblem(await t.request({ method: 'POST', url: `/api/v1/admin/notifications/${dead.id}/retry`, headers: bearer(admin) }), 404, 'NOT_FOUND');
  });

  it('pages through dead letters that died in the same millisecond, each once', async () => {
    // Newer than anything else in the list, and apart by microseconds, as now() writes them.
    const died = ['2099-01-01T00:00:00.123900Z', '2099-01-01T00:00:00.123400Z', '2099-01-01T00:00:00.123100Z'];
    const ids: string[] = [];
    for (const deadAt of died) {
      const [row] = await queryRows<{ id: string }>(
        t,
        sql`insert into outbox (kind, payload, available_at, attempts, dead_at, last_error)
            values ('appointment.booked', ${JSON.stringify({ appointmentId: randomUUID() })}::jsonb, now(), 2, ${deadAt}::timestamptz, '451 try later')
            returning id`,
      );
      ids.push(row!.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const response = await t.request({ method: 'GET', url: `/api/v1/admin/notifications?status=failed&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: bearer(admin) });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...body.data.map((n) => n.id));
      cursor = body.nextCursor;
    }
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('is for admins only', async () => {
    const patient = await createPatient(t);
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/admin/notifications?status=failed', headers: bearer(patient.token) }), 403, 'FORBIDDEN');
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/admin/notifications', headers: bearer(admin) }), 400, 'VALIDATION_FAILED');
  });
});
