import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldCipher } from '../../../src/common/crypto/field-cipher.js';
import { rotateEncryptionKeys } from '../../../src/common/crypto/rotate-keys.js';
import { DATABASE, type Database } from '../../../src/db/database.js';
import { bearer, getMe, persistentDatabase } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const keyA = `a:${randomBytes(32).toString('base64')}`;
const keyB = `b:${randomBytes(32).toString('base64')}`;

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

  it('re-encrypts values under older keys and legacy plaintext under the first key, in batches, idempotently', async () => {
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
    // One row written before encryption existed.
    await queryRows(first, sql`update users set phone = '+44 20 7946 0000' where id = ${patients[4]!.userId}`);
    await first.close();

    const second = await start(`${keyB},${keyA}`);
    // Before rotation: old-key and plaintext values still read.
    expect((await getMe(second, patients[0]!.token)).json()).toMatchObject({ phone: '+49305550100', dateOfBirth: '1990-01-01' });
    expect((await getMe(second, patients[4]!.token)).json()).toMatchObject({ phone: '+44 20 7946 0000' });

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
    for (const value of [...raw.flatMap((r) => [r.phone, r.date_of_birth]), ...reasons.map((r) => r.reason)]) expect(value).toMatch(/^enc:v1:b:/);

    expect((await rotateEncryptionKeys(db, fieldCipher())).every((c) => c.reencrypted === 0 && c.remaining === 0)).toBe(true);
    await second.close();

    // Key A is no longer needed.
    const third = await start(keyB);
    for (const p of patients) {
      expect((await getMe(third, p.token)).json()).toMatchObject({
        phone: p.i === 4 ? '+44 20 7946 0000' : `+4930555010${p.i}`,
        dateOfBirth: `199${p.i}-01-0${p.i + 1}`,
      });
      const appointment = await third.request({ method: 'GET', url: `/api/v1/appointments/${p.appointmentId}`, headers: bearer(p.token) });
      expect(appointment.json()).toMatchObject({ reason: `Reason ${p.i}` });
    }
  });
});
