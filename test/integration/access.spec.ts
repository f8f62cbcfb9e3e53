import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService } from '../../src/common/access/access.service.js';
import { Permission, POLICY, type Relation, type ResourcePermission, type RolePermission } from '../../src/common/access/permission.js';
import type { Principal } from '../../src/common/auth/principal.js';
import { AppError } from '../../src/common/errors/app-error.js';
import { insertAppointment, insertAppointmentType, insertDoctor, insertTimeOff, insertUser, type RowDoctor } from '../helpers/rows/index.js';
import { queryRows } from '../helpers/db.js';
import { onRealPostgres } from '../helpers/lanes.js';
import { clientContext } from '../helpers/services.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

type Caller = 'patient' | 'doctor' | 'admin' | 'otherPatient' | 'otherDoctor';
const CALLERS: Caller[] = ['patient', 'doctor', 'admin', 'otherPatient', 'otherDoctor'];

/**
 * The whole policy as a table: for each permission, what each caller gets on a resource of
 * `patient` and `doctor` (the relation requireAccess answers, 404 NOT_FOUND, or for role
 * permissions 403 FORBIDDEN). A permission added to the list without a line here fails below.
 */
const EXPECTED: Record<Permission, Record<Caller, Relation | 404 | 403>> = {
  [Permission.AppointmentListAll]: { patient: 403, doctor: 403, admin: 'admin', otherPatient: 403, otherDoctor: 403 },
  [Permission.AppointmentRead]: { patient: 'patient', doctor: 'doctor', admin: 'admin', otherPatient: 404, otherDoctor: 404 },
  [Permission.AppointmentCancel]: { patient: 'patient', doctor: 'doctor', admin: 'admin', otherPatient: 404, otherDoctor: 404 },
  [Permission.AppointmentReschedule]: { patient: 'patient', doctor: 'doctor', admin: 404, otherPatient: 404, otherDoctor: 404 },
  [Permission.AppointmentComplete]: { patient: 404, doctor: 'doctor', admin: 404, otherPatient: 404, otherDoctor: 404 },
  [Permission.AppointmentNoShow]: { patient: 404, doctor: 'doctor', admin: 404, otherPatient: 404, otherDoctor: 404 },
  [Permission.AppointmentReview]: { patient: 'patient', doctor: 404, admin: 404, otherPatient: 404, otherDoctor: 404 },
  [Permission.DoctorViewUnverified]: { patient: 404, doctor: 'doctor', admin: 'admin', otherPatient: 404, otherDoctor: 404 },
  [Permission.DoctorManageOwnProfile]: { patient: 403, doctor: 'doctor', admin: 403, otherPatient: 403, otherDoctor: 'doctor' },
  [Permission.DoctorVerify]: { patient: 403, doctor: 403, admin: 'admin', otherPatient: 403, otherDoctor: 403 },
  [Permission.AvailabilityManageOwn]: { patient: 403, doctor: 'doctor', admin: 403, otherPatient: 403, otherDoctor: 'doctor' },
  [Permission.AppointmentTypeUpdate]: { patient: 404, doctor: 'doctor', admin: 404, otherPatient: 404, otherDoctor: 404 },
  [Permission.TimeOffDelete]: { patient: 404, doctor: 'doctor', admin: 404, otherPatient: 404, otherDoctor: 404 },
  [Permission.AuditRead]: { patient: 403, doctor: 403, admin: 'admin', otherPatient: 403, otherDoctor: 403 },
  [Permission.InsurancePlanManage]: { patient: 403, doctor: 403, admin: 'admin', otherPatient: 403, otherDoctor: 403 },
  [Permission.BookingSuspensionLift]: { patient: 403, doctor: 'doctor', admin: 'admin', otherPatient: 403, otherDoctor: 'doctor' },
  [Permission.WebhookCreate]: { patient: 403, doctor: 'doctor', admin: 'admin', otherPatient: 403, otherDoctor: 'doctor' },
  [Permission.WebhookClinic]: { patient: 403, doctor: 403, admin: 'admin', otherPatient: 403, otherDoctor: 403 },
  [Permission.WebhookManage]: { patient: 404, doctor: 'doctor', admin: 'admin', otherPatient: 404, otherDoctor: 404 },
  [Permission.BreakGlassRequest]: { patient: 403, doctor: 403, admin: 'admin', otherPatient: 403, otherDoctor: 403 },
  [Permission.BreakGlassReview]: { patient: 403, doctor: 403, admin: 'admin', otherPatient: 403, otherDoctor: 403 },
  [Permission.AccessLogReadOwn]: { patient: 'patient', doctor: 403, admin: 403, otherPatient: 'patient', otherDoctor: 403 },
  [Permission.DoctorDocumentRead]: { patient: 404, doctor: 'doctor', admin: 'admin', otherPatient: 404, otherDoctor: 404 },
  [Permission.DoctorDocumentDelete]: { patient: 404, doctor: 'doctor', admin: 'admin', otherPatient: 404, otherDoctor: 404 },
};

const CLIENT = clientContext();

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && (error.status === 404 || error.status === 403)) return error.status;
    throw error;
  }
}

describe(`AccessService on a real database (${onRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestApp;
  let access: AccessService;
  let callers: Record<Caller, Principal>;
  let doctor: RowDoctor;
  let pending: RowDoctor;
  /** The resource each resource permission is asked about: all belong to `patient` and `doctor`. */
  let resourceOf: Record<'appointment' | 'doctor' | 'appointment_type' | 'time_off' | 'webhook', string>;

  beforeAll(async () => {
    t = await startTestApp();
    access = t.app.get(AccessService);
    doctor = await insertDoctor(t);
    const otherDoctor = await insertDoctor(t);
    pending = await insertDoctor(t, { status: 'pending' });
    const patient = await insertUser(t, 'patient');
    callers = { patient, doctor: doctor.principal, admin: await insertUser(t, 'admin'), otherPatient: await insertUser(t, 'patient'), otherDoctor: otherDoctor.principal };
    const type = await insertAppointmentType(t, doctor.doctorId);
    resourceOf = {
      appointment: await insertAppointment(t, { type, patientId: patient.userId }),
      doctor: doctor.doctorId,
      appointment_type: type.id,
      time_off: await insertTimeOff(t, doctor.doctorId),
      // The doctor's own webhook subscription (its secret is never read here).
      webhook: (
        await queryRows<{ id: string }>(
          t,
          sql`insert into webhook_subscriptions (owner_user_id, doctor_id, url, events, secret) values (${doctor.principal.userId}, ${doctor.doctorId}, 'https://example.com/hook', '{appointment.booked}', 'sealed') returning id`,
        )
      )[0]!.id,
    };
  });
  afterAll(() => t?.close());

  const deniedRows = (actorId: string, action: string) =>
    queryRows<{ resource_type: string; resource_id: string; actor_role: string; ip: string | null; request_id: string | null; details: unknown }>(
      t,
      sql`select resource_type, resource_id, actor_role, ip, request_id, details from audit_events where actor_id = ${actorId} and action = ${action} and outcome = 'denied' order by chain_seq`,
    );

  it('has a line in the table for every permission', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.values(Permission).sort());
  });

  for (const permission of Object.values(Permission)) {
    it(`decides ${permission} as the policy says for the owner, the other patient and doctor, and an admin`, async () => {
      const rule = POLICY[permission];
      const got: Record<string, unknown> = {};
      for (const caller of CALLERS) {
        got[caller] =
          rule.kind === 'role'
            ? await outcome(() => access.requireAccess(callers[caller], permission as RolePermission))
            : await outcome(() => access.requireAccess(callers[caller], permission as ResourcePermission, resourceOf[rule.resource], CLIENT));
      }
      expect(got).toEqual(EXPECTED[permission]);
    });
  }

  it('records each refused appointment permission as a denied audit event, exactly as the services did', async () => {
    const stranger = await insertUser(t, 'patient');
    for (const permission of [Permission.AppointmentRead, Permission.AppointmentCancel, Permission.AppointmentReschedule, Permission.AppointmentReview]) {
      expect(await outcome(() => access.requireAccess(stranger, permission, resourceOf.appointment, CLIENT))).toBe(404);
      expect(await deniedRows(stranger.userId, permission)).toEqual([
        { resource_type: 'appointment', resource_id: resourceOf.appointment, actor_role: 'patient', ip: '127.0.0.1', request_id: CLIENT.requestId, details: { code: 'NOT_FOUND' } },
      ]);
    }
  });

  it('refuses an unknown appointment like someone else’s, to admins too, and records it', async () => {
    const unknown = randomUUID();
    expect(await outcome(() => access.requireAccess(callers.admin, Permission.AppointmentRead, unknown, CLIENT))).toBe(404);
    const rows = await deniedRows(callers.admin.userId, Permission.AppointmentRead);
    expect(rows.at(-1)).toMatchObject({ resource_id: unknown, details: { code: 'NOT_FOUND' } });
  });

  it('records nothing for refusals of permissions that are not appointments', async () => {
    const before = await queryRows(t, sql`select 1 from audit_events where actor_id = ${callers.otherDoctor.userId}`);
    expect(await outcome(() => access.requireAccess(callers.otherDoctor, Permission.TimeOffDelete, resourceOf.time_off, CLIENT))).toBe(404);
    expect(await outcome(() => access.requireAccess(callers.otherDoctor, Permission.AppointmentTypeUpdate, resourceOf.appointment_type, CLIENT))).toBe(404);
    expect(await queryRows(t, sql`select 1 from audit_events where actor_id = ${callers.otherDoctor.userId}`)).toHaveLength(before.length);
  });

  it('grants several ids all or nothing, and names only the refused one in the trail', async () => {
    const type = await insertAppointmentType(t, doctor.doctorId);
    const second = await insertAppointment(t, { type, patientId: callers.patient.userId });
    const others = await insertAppointment(t, { type, patientId: callers.otherPatient.userId });
    const both = await access.requireAccess(callers.patient, Permission.AppointmentRead, [resourceOf.appointment, second], CLIENT);
    expect([...both.entries()]).toEqual([
      [resourceOf.appointment, 'patient'],
      [second, 'patient'],
    ]);
    expect(await outcome(() => access.requireAccess(callers.patient, Permission.AppointmentRead, [second, others], CLIENT))).toBe(404);
    expect((await deniedRows(callers.patient.userId, Permission.AppointmentRead)).map((r) => r.resource_id)).toEqual([others]);
  });

  it('shows a public doctor to anyone, an unpublished one only to the doctor and admins (404 otherwise)', async () => {
    const row = { userId: pending.principal.userId, verificationStatus: 'pending' };
    for (const viewer of [undefined, callers.patient, callers.doctor]) {
      expect(await outcome(async () => access.requireVisibleDoctor(viewer, row))).toBe(404);
    }
    expect(access.requireVisibleDoctor(pending.principal, row)).toBe(row);
    expect(access.requireVisibleDoctor(callers.admin, row)).toBe(row);
    const verified = { userId: doctor.principal.userId, verificationStatus: 'verified' };
    for (const viewer of [undefined, ...Object.values(callers)]) expect(access.requireVisibleDoctor(viewer, verified)).toBe(verified);
    expect(await outcome(async () => access.requireVisibleDoctor(callers.admin, null))).toBe(404);
  });

  it('scopes a listing: everyone’s for admins, the own ones for a patient or a doctor, none for a doctor without a profile', async () => {
    expect(await access.appointmentScope(callers.admin)).toEqual({ everyone: true, othersRecords: true, filter: {} });
    expect(await access.appointmentScope(callers.patient)).toEqual({ everyone: false, othersRecords: false, filter: { patientId: callers.patient.userId } });
    expect(await access.appointmentScope(callers.doctor)).toEqual({ everyone: false, othersRecords: true, filter: { doctorId: doctor.doctorId } });
    expect(await access.appointmentScope(await insertUser(t, 'doctor'))).toBeNull();
  });
});
