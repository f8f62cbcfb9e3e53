import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashOpaqueToken, newOpaqueToken } from '../../src/modules/auth/opaque-tokens.js';
import { installAuditRefusal } from '../helpers/audit-faults.js';
import { bearer, getMe, login, registerUser, strongPassword } from '../helpers/auth.js';
import { startTestAppWithAdmin } from '../helpers/mfa.js';
import { queryRows } from '../helpers/db.js';
import { expectProblem } from '../helpers/http.js';
import { appointmentAction, book, bookOk, setNow } from '../helpers/scheduling.js';
import type { TestApp } from '../helpers/test-app.js';
import { createBookableDoctor, createPatient } from '../helpers/factories.js';

const NOW = '2027-03-01T00:00:00.000Z';
const SLOT = '2027-03-08T10:00:00.000Z';
const ADMIN = { email: 'atomic.admin@example.com', password: strongPassword() };

/**
 * A success audit row is written in the same transaction as the change it records: when the
 * database refuses the row (a test trigger), the change is rolled back with it and the request
 * fails, so there is never a change without its record.
 */
describe('success audit rows commit with their change', () => {
  let t: TestApp;
  let adminToken: string;
  let faults: Awaited<ReturnType<typeof installAuditRefusal>>;
  beforeAll(async () => {
    ({ t, adminToken } = await startTestAppWithAdmin(ADMIN));
    setNow(t, NOW);
    faults = await installAuditRefusal(t);
  });
  afterAll(() => t.close());

  /** Runs `request` while `action`'s success rows are refused, then lifts the refusal. */
  async function whileRefused<T>(action: string, request: () => Promise<T>): Promise<T> {
    await faults.refuse(action);
    try {
      return await request();
    } finally {
      await faults.allow(action);
    }
  }

  const appointmentRow = async (id: string) =>
    (await queryRows<{ status: string; start_at: string | Date }>(t, sql`select status, start_at from appointments where id = ${id}`))[0];

  it('books nothing when the booking row cannot be recorded', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const outboxRows = async () => (await queryRows<{ n: number }>(t, sql`select count(*)::int as n from outbox`))[0]!.n;
    const queued = await outboxRows();
    const response = await whileRefused('appointment.book', () => book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT }));
    expectProblem(response, 500, 'INTERNAL_ERROR');
    expect(await queryRows(t, sql`select id from appointments where patient_id = ${patient.userId}`)).toEqual([]);
    expect(await outboxRows()).toBe(queued);
    // The slot is still free, and booking works once the row can be written.
    await bookOk(t, patient.token, doctor, SLOT);
  });

  it('cancels nothing when the cancellation cannot be recorded', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const { id } = await bookOk(t, patient.token, doctor, SLOT);
    expectProblem(await whileRefused('appointment.cancel', () => appointmentAction(t, patient.token, id, 'cancel', {})), 500, 'INTERNAL_ERROR');
    expect((await appointmentRow(id))?.status).toBe('confirmed');
    expect((await appointmentAction(t, patient.token, id, 'cancel', {})).statusCode).toBe(200);
  });

  it('moves nothing when the reschedule cannot be recorded', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const { id } = await bookOk(t, patient.token, doctor, SLOT);
    const move = () => appointmentAction(t, patient.token, id, 'reschedule', { start: '2027-03-08T11:00:00Z' });
    expectProblem(await whileRefused('appointment.reschedule', move), 500, 'INTERNAL_ERROR');
    expect(new Date((await appointmentRow(id))!.start_at).toISOString()).toBe(SLOT);
    expect((await move()).statusCode).toBe(200);
  });

  it('completes nothing when the completion cannot be recorded', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const { id } = await bookOk(t, patient.token, doctor, SLOT);
    setNow(t, SLOT);
    try {
      expectProblem(await whileRefused('appointment.complete', () => appointmentAction(t, doctor.token, id, 'complete')), 500, 'INTERNAL_ERROR');
      expect((await appointmentRow(id))?.status).toBe('confirmed');
    } finally {
      setNow(t, NOW);
    }
  });

  it('keeps a doctor pending when the verification decision cannot be recorded', async () => {
    const doctor = await createBookableDoctor(t, { status: 'pending' });
    const decide = () => t.request({ method: 'PATCH', url: `/api/v1/admin/doctors/${doctor.doctorId}/verification`, headers: bearer(adminToken), payload: { status: 'verified' } });
    expectProblem(await whileRefused('doctor.verification', decide), 500, 'INTERNAL_ERROR');
    const [row] = await queryRows<{ verification_status: string; verified_by: string | null }>(t, sql`select verification_status, verified_by from doctors where id = ${doctor.doctorId}`);
    expect(row).toEqual({ verification_status: 'pending', verified_by: null });
    expect((await decide()).statusCode).toBe(200);
  });

  it('keeps the old password and sessions when a password change cannot be recorded', async () => {
    const user = await registerUser(t);
    const newPassword = strongPassword();
    const change = () => t.request({ method: 'POST', url: '/api/v1/auth/change-password', headers: bearer(user.accessToken), payload: { currentPassword: user.password, newPassword } });
    expectProblem(await whileRefused('auth.password_change', change), 500, 'INTERNAL_ERROR');
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
    expect((await getMe(t, user.accessToken)).statusCode).toBe(200);
    const [family] = await queryRows<{ ended: number }>(t, sql`select count(*)::int as ended from session_families where user_id = ${user.user.id} and revoked_at is not null`);
    expect(family!.ended).toBe(0);
  });

  it('keeps the old password and an unspent token when a completed reset cannot be recorded', async () => {
    const user = await registerUser(t);
    const token = newOpaqueToken();
    await queryRows(t, sql`insert into password_reset_tokens (user_id, token_hash, expires_at) values (${user.user.id}, ${hashOpaqueToken(token)}, now() + interval '30 minutes')`);
    const newPassword = strongPassword();
    const confirm = () => t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword } });
    expectProblem(await whileRefused('auth.password_reset', confirm), 500, 'INTERNAL_ERROR');
    expect((await login(t, user.email, user.password)).statusCode).toBe(200);
    expect((await getMe(t, user.accessToken)).statusCode).toBe(200);
    // The token was not spent either: it works once the row can be written.
    expect((await confirm()).statusCode).toBe(204);
    expect((await login(t, user.email, newPassword)).statusCode).toBe(200);
  });
});
