import { createCipheriv, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldCipher } from '../../../src/common/crypto/field-cipher.js';
import { rotateEncryptionKeys } from '../../../src/common/crypto/rotate-keys.js';
import { DATABASE, type Database } from '../../../src/db/database.js';
import { bearer, getMe, persistentDatabase } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { appointmentAction, book, bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { expectProblem } from '../../helpers/http.js';

const keyA = `a:${randomBytes(32).toString('base64')}`;
const keyB = `b:${randomBytes(32).toString('base64')}`;

/** A value as the releases before row binding wrote it: `enc:v1:`, authenticated by `table.column` only. */
function legacyV1(keyEntry: string, column: string, plaintext: string): string {
  const [id, base64] = keyEntry.split(':') as [string, string];
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(base64, 'base64'), iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(column, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `enc:v1:${id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

describe('npm run keys:rotate', () => {
  let storage: Awaited<ReturnType<typeof persistentDatabase>>;
  const started: TestApp[] = [];
  const start = async (keys: string) => {
    const t = await startTestApp({ databaseUrl: storage.databaseUrl, env: { ...storage.env, DATA_ENCRYPTION_KEYS: keys } });
    started.push(t);
    setNow(t, '2027-03-01T00:00:00.000Z');
    return t;
  };
  beforeAll(async () => {
    storage = await persistentDatabase();
  });
  afterAll(async () => {
    for (const t of started) await t.close().catch(() => undefined);
    await storage.cleanup();
  });

  it('re-encrypts values under older keys under the first key, in batches, idempotently', async () => {
    const first = await start(keyA);
    const doctor = await createBookableDoctor(first, { weekly: [{ day: 'monday', start: '09:00', end: '17:00' }] });
    const patients = [];
    for (let i = 0; i < 5; i++) {
      const patient = await createPatient(first);
      const patch = await first.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(patient.token), payload: { phone: `+4930555010${i}`, dateOfBirth: `199${i}-01-0${i + 1}` } });
      expect(patch.statusCode, patch.body).toBe(200);
      const booked = await bookOk(first, patient.token, doctor, `2027-03-08T1${i}:00:00.000Z`, `Reason ${i}`);
      patients.push({ ...patient, appointmentId: booked.id, i });
    }
    await first.close();

    const second = await start(`${keyB},${keyA}`);
    // Before rotation: old-key values still read.
    expect((await getMe(second, patients[0]!.token)).json()).toMatchObject({ phone: '+49305550100', dateOfBirth: '1990-01-01' });

    const db = second.app.get<Database>(DATABASE).db;
    const counts = await rotateEncryptionKeys(db, fieldCipher(), { batchSize: 2 });
    const count = (column: string) => counts.find((c) => `${c.table}.${c.column}` === column);
    // Doctors registered without a phone; the demo admin has none either.
    expect(count('users.phone')).toEqual({ table: 'users', column: 'phone', reencrypted: 5, remaining: 0 });
    expect(count('users.date_of_birth')).toMatchObject({ reencrypted: 5, remaining: 0 });
    expect(count('appointments.reason')).toMatchObject({ reencrypted: 5, remaining: 0 });
    expect(count('appointments.cancellation_reason')).toMatchObject({ reencrypted: 0, remaining: 0 });

    const raw = await queryRows<{ phone: string | null; date_of_birth: string | null }>(second, sql`select phone, date_of_birth from users where phone is not null or date_of_birth is not null`);
    const reasons = await queryRows<{ reason: string }>(second, sql`select reason from appointments`);
    expect(raw).toHaveLength(5);
    for (const value of [...raw.flatMap((r) => [r.phone, r.date_of_birth]), ...reasons.map((r) => r.reason)]) expect(value).toMatch(/^enc:v2:b:/);

    expect((await rotateEncryptionKeys(db, fieldCipher())).every((c) => c.reencrypted === 0 && c.remaining === 0)).toBe(true);
    await second.close();

    // Key A is no longer needed.
    const third = await start(keyB);
    for (const p of patients) {
      expect((await getMe(third, p.token)).json()).toMatchObject({
        phone: `+4930555010${p.i}`,
        dateOfBirth: `199${p.i}-01-0${p.i + 1}`,
      });
      const appointment = await third.request({ method: 'GET', url: `/api/v1/appointments/${p.appointmentId}`, headers: bearer(p.token) });
      expect(appointment.json()).toMatchObject({ reason: `Reason ${p.i}` });
    }
  });

  it('upgrades legacy values (column-bound enc:v1, and plaintext from before encryption) to the row-bound form, which the app alone accepts', async () => {
    const app = await startTestApp({ env: { DATA_ENCRYPTION_KEYS: keyA } });
    started.push(app);
    setNow(app, '2027-03-01T00:00:00.000Z');
    const doctor = await createBookableDoctor(app, { weekly: [{ day: 'tuesday', start: '09:00', end: '17:00' }] });
    const [p0, p1] = [await createPatient(app), await createPatient(app)];
    const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-09T09:00:00.000Z', reason: 'Legacy reason 0' };
    const booked = await book(app, p0.token, body, { 'idempotency-key': 'legacy-0001' });
    expect(booked.statusCode, booked.body).toBe(201);
    const cancelled = await bookOk(app, p1.token, doctor, '2027-03-09T10:00:00.000Z', 'Legacy reason 1');
    expect((await appointmentAction(app, p1.token, cancelled.id, 'cancel', { reason: 'Legacy cancellation' })).statusCode).toBe(200);
    const visited = await bookOk(app, p1.token, doctor, '2027-03-09T11:00:00.000Z');
    setNow(app, '2027-03-09T12:00:00.000Z');
    expect((await appointmentAction(app, doctor.token, visited.id, 'complete')).statusCode).toBe(200);
    expect((await appointmentAction(app, p1.token, visited.id, 'review', { rating: 4, comment: 'Legacy comment' })).statusCode).toBe(201);
    setNow(app, '2027-03-01T00:00:00.000Z');

    // What earlier releases left: column-bound values and plaintext.
    const v1 = (column: string, text: string) => legacyV1(keyA, column, text);
    await queryRows(app, sql`update users set phone = ${v1('users.phone', '+4930 1111')}, date_of_birth = '1980-02-03' where id = ${p0.userId}`);
    await queryRows(app, sql`update users set phone = '+4930 2222', date_of_birth = ${v1('users.date_of_birth', '1981-03-04')} where id = ${p1.userId}`);
    await queryRows(app, sql`update appointments set reason = ${v1('appointments.reason', 'Legacy reason 0')} where id = ${booked.json().id}`);
    await queryRows(
      app,
      sql`update appointments set reason = 'Legacy reason 1', cancellation_reason = ${v1('appointments.cancellation_reason', 'Legacy cancellation')} where id = ${cancelled.id}`,
    );
    await queryRows(app, sql`update reviews set comment = ${v1('reviews.comment', 'Legacy comment')} where appointment_id = ${visited.id}`);
    await queryRows(app, sql`update idempotency_keys set response_body = ${v1('idempotency_keys.response_body', booked.body)} where user_id = ${p0.userId}`);

    // The app refuses them until they are upgraded.
    expectProblem(await getMe(app, p0.token), 500, 'INTERNAL_ERROR');
    expectProblem(await getMe(app, p1.token), 500, 'INTERNAL_ERROR');
    expectProblem(await app.request({ method: 'GET', url: `/api/v1/appointments/${cancelled.id}`, headers: bearer(p1.token) }), 500, 'INTERNAL_ERROR');
    expect(JSON.stringify(app.logs)).toMatch(/legacy column-bound form \(enc:v1\)[^"]*npm run keys:rotate/);

    const db = app.app.get<Database>(DATABASE).db;
    const counts = await rotateEncryptionKeys(db, fieldCipher(), { batchSize: 1 });
    const count = (column: string) => counts.find((c) => `${c.table}.${c.column}` === column);
    expect(count('users.phone')).toEqual({ table: 'users', column: 'phone', reencrypted: 2, remaining: 0 });
    expect(count('users.date_of_birth')).toMatchObject({ reencrypted: 2, remaining: 0 });
    expect(count('appointments.reason')).toMatchObject({ reencrypted: 2, remaining: 0 });
    expect(count('appointments.cancellation_reason')).toMatchObject({ reencrypted: 1, remaining: 0 });
    expect(count('reviews.comment')).toMatchObject({ reencrypted: 1, remaining: 0 });
    expect(count('idempotency_keys.response_body')).toMatchObject({ reencrypted: 1, remaining: 0 });

    const raw = await queryRows<{ value: string }>(
      app,
      sql`select phone as value from users where phone is not null union all select date_of_birth from users where date_of_birth is not null
          union all select reason from appointments where reason is not null union all select cancellation_reason from appointments where cancellation_reason is not null
          union all select comment from reviews where comment is not null union all select response_body from idempotency_keys`,
    );
    expect(raw.length).toBe(9);
    for (const { value } of raw) expect(value).toMatch(/^enc:v2:a:/);
    expect((await rotateEncryptionKeys(db, fieldCipher())).every((c) => c.reencrypted === 0 && c.remaining === 0)).toBe(true);

    expect((await getMe(app, p0.token)).json()).toMatchObject({ phone: '+4930 1111', dateOfBirth: '1980-02-03' });
    expect((await getMe(app, p1.token)).json()).toMatchObject({ phone: '+4930 2222', dateOfBirth: '1981-03-04' });
    const list = await app.request({ method: 'GET', url: '/api/v1/appointments', headers: bearer(p1.token) });
    expect(list.json().data.map((a: { reason: string | null; cancellationReason: string | null }) => [a.reason, a.cancellationReason])).toEqual([
      ['Legacy reason 1', 'Legacy cancellation'],
      [null, null],
    ]);
    expect((await app.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews` })).json().data[0]).toMatchObject({ comment: 'Legacy comment' });
    const replay = await book(app, p0.token, body, { 'idempotency-key': 'legacy-0001' });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(booked.json());
  });
});
