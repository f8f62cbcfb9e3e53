import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/common/audit/audit-chain.js';
import { DATABASE, type Database } from '../../../src/db/database.js';
import { bearer, login, refresh, registerUser, strongPassword } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { search } from '../../helpers/doctors.js';
import { createBookableDoctor, createPatient, profile, verify, type BookableDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { adminSession, enrolledFactorOf, enrolTotp, totpCode } from '../../helpers/mfa.js';
import { deleteMe, pastAndFutureVisits } from '../../helpers/privacy.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const ADMIN = { email: 'deletion.admin@example.com', password: strongPassword() };

describe('DELETE /api/v1/me', () => {
  let t: TestApp;
  let doctor: BookableDoctor;

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, RECORD_RETENTION_YEARS: '7' } });
    doctor = await createBookableDoctor(t, { fullName: 'Dr Keeper' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const cancelNotices = (appointmentId: string) =>
    queryRows<{ payload: Record<string, string> }>(t, sql`select payload from outbox where kind = 'appointment.cancelled' and payload->>'appointmentId' = ${appointmentId}`);

  it('refuses a wrong password (401) and counts it toward the lockout; with a second factor, asks for a code', async () => {
    const patient = await registerUser(t);
    expectProblem(await deleteMe(t, patient.accessToken, { password: 'not-the-password' }), 401, 'INVALID_CREDENTIALS');
    const [failures] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from audit_events where action = 'account.delete' and outcome = 'failure' and actor_id = ${patient.user.id}`);
    expect(failures!.n).toBe(1);
    expectProblem(await deleteMe(t, patient.accessToken, {}), 400, 'VALIDATION_FAILED');

    const factor = await enrolTotp(t, patient.accessToken);
    expectProblem(await deleteMe(t, patient.accessToken, { password: patient.password }), 401, 'INVALID_MFA_CODE');
    expectProblem(await deleteMe(t, patient.accessToken, { password: patient.password, code: '000000' }), 401, 'INVALID_MFA_CODE');
    expect((await deleteMe(t, patient.accessToken, { password: patient.password, code: totpCode(factor.secret, 1) })).statusCode).toBe(204);
    const [gone] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from user_mfa where user_id = ${patient.user.id}`);
    expect(gone!.n).toBe(0);
  });

  it('pseudonymises the patient: no sign-in or refresh, devices gone, the past visit kept for the doctor without PHI, the future one cancelled with notice to the doctor, the review anonymous, the audit trail intact', async () => {
    const session = await registerUser(t, { fullName: 'Gina Gone' });
    const patient = { token: session.accessToken, userId: session.user.id, email: session.email };
    expect((await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(patient.token), payload: { phone: '+4930999888', dateOfBirth: '1975-01-02' } })).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: '/api/v1/me/devices', headers: bearer(patient.token), payload: { platform: 'ios', token: 'a'.repeat(64) } })).statusCode).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/v1/me/calendar-token', headers: bearer(patient.token) })).statusCode).toBe(201);
    const { past, future } = await pastAndFutureVisits(t, patient, doctor);
    const hook = await t.request({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(doctor.token), payload: { url: 'https://93.184.215.14/ihosi', events: ['appointment.cancelled'] } });
    expect(hook.statusCode, hook.body).toBe(201);
    const auditBefore = await queryRows<{ id: string; row_hash: string }>(t, sql`select id, row_hash from audit_events where actor_id = ${patient.userId} order by chain_seq`);
    expect(auditBefore.length).toBeGreaterThan(3);

    expect((await deleteMe(t, patient.token, { password: session.password })).statusCode).toBe(204);

    // The account cannot sign in, refresh or call anything.
    expectProblem(await login(t, session.email, session.password), 401, 'INVALID_CREDENTIALS');
    expect((await refresh(t, session.refreshToken)).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(patient.token) })).statusCode).toBe(401);
    const [user] = await queryRows<{ full_name: string; email: string; phone: string | null; date_of_birth: string | null; deleted: boolean }>(
      t,
      sql`select full_name, email, phone, date_of_birth, deleted_at is not null as deleted from users where id = ${patient.userId}`,
    );
    expect(user).toMatchObject({ phone: null, date_of_birth: null, deleted: true });
    expect(user!.full_name).not.toContain('Gina');
    expect(user!.email).not.toBe(session.email);
    for (const table of ['devices', 'calendar_tokens']) {
      const [left] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from ${sql.identifier(table)} where user_id = ${patient.userId}`);
      expect(left!.n, table).toBe(0);
    }

    // The doctor keeps the past visit, under the pseudonym, until the retention ends.
    const seen = await t.request({ method: 'GET', url: `/api/v1/appointments/${past}`, headers: bearer(doctor.token) });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'completed', patientName: user!.full_name });
    for (const phi of ['Gina', session.email, '+4930999888', '1975-01-02']) expect(seen.body).not.toContain(phi);
    const [kept] = await queryRows<{ exact: boolean }>(t, sql`select retain_until = '2034-03-10T08:00:00Z'::timestamptz as exact from appointments where id = ${past}`);
    expect(kept!.exact).toBe(true);

    // The future visit is cancelled, and only the doctor is told (through the outbox).
    const cancelled = await t.request({ method: 'GET', url: `/api/v1/appointments/${future}`, headers: bearer(doctor.token) });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'patient' });
    expect((await cancelNotices(future)).map((n) => n.payload.recipientId)).toContain(doctor.userId);
    // Integrations hear of it as of any cancellation.
    const [hooked] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from webhook_deliveries where subscription_id = ${hook.json().id} and event = 'appointment.cancelled'`);
    expect(hooked!.n).toBe(1);

    // The review stays, without its author.
    const reviews = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews` });
    expect(reviews.json().data).toEqual([expect.objectContaining({ rating: 5 })]);
    expect(reviews.body).not.toContain('Gina');

    // The audit trail is untouched and its chain still verifies.
    const auditAfter = await queryRows<{ id: string; row_hash: string }>(t, sql`select id, row_hash from audit_events where actor_id = ${patient.userId} order by chain_seq`);
    expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
    expect(auditAfter.length).toBeGreaterThan(auditBefore.length);
    expect(await verifyAuditChain(t.app.get<Database>(DATABASE).db)).toMatchObject({ ok: true });

    // The e-mail address is free again.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email: session.email, password: strongPassword(), fullName: 'Gina Again', role: 'patient' } })).statusCode).toBe(201);
  });

  it('hides a deleted doctor (404, not in search) and cancels their future visits with notice to each patient', async () => {
    const gone = await createBookableDoctor(t, { fullName: 'Dr Vanish', profile: profile() });
    const patient = await createPatient(t, 'Paula Waiting');
    const { future } = await pastAndFutureVisits(t, patient, gone);
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${gone.doctorId}` })).statusCode).toBe(200);

    expect((await deleteMe(t, gone.token, { password: gone.password })).statusCode).toBe(204);

    expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/${gone.doctorId}` }), 404, 'NOT_FOUND');
    expect((await search(t, { q: 'Vanish' })).data).toEqual([]);
    const visit = await t.request({ method: 'GET', url: `/api/v1/appointments/${future}`, headers: bearer(patient.token) });
    expect(visit.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'doctor' });
    expect((await cancelNotices(future)).map((n) => n.payload.recipientId)).toContain(patient.userId);
  });

  it('refuses to delete the last admin account (409 LAST_ADMIN), which keeps working', async () => {
    const session = await adminSession(t, ADMIN.email, ADMIN.password);
    // Nor can an admin bring a deleted doctor's profile back.
    const gone = await createBookableDoctor(t, { fullName: 'Dr Revenant' });
    expect((await deleteMe(t, gone.token, { password: gone.password })).statusCode).toBe(204);
    expectProblem(await verify(t, session.accessToken, gone.doctorId), 404, 'NOT_FOUND');
    const factor = enrolledFactorOf(t, ADMIN.email)!;
    expectProblem(await deleteMe(t, session.accessToken, { password: ADMIN.password, recoveryCode: factor.recoveryCodes[0]! }), 409, 'LAST_ADMIN');
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(session.accessToken) })).statusCode).toBe(200);
  });
});
