import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { bearer, registerUser } from './auth.js';
import { queryRows } from './db.js';
import type { TestApp } from './test-app.js';

/*
 * The test factories: every test builds its doctors and patients here. Each returns the same
 * shape whatever it was asked to build, so a test reads `doctor.doctorId`, `doctor.token` the
 * same way in every file.
 */

export type VerificationStatus = 'verified' | 'pending' | 'rejected';

export interface TestDoctor {
  /** The doctor profile's id (`doctors.id`): what `/doctors/{id}` and bookings take. */
  doctorId: string;
  /** The doctor's user account. */
  userId: string;
  /** An access token of the doctor's session. */
  token: string;
  email: string;
  password: string;
  fullName: string;
}

/** A doctor with hours and one appointment type: patients can book it. */
export interface BookableDoctor extends TestDoctor {
  typeId: string;
}

export interface TestPatient {
  token: string;
  userId: string;
  email: string;
}

export interface DoctorOptions {
  fullName?: string;
  /** Saved through `PATCH /doctors/me` when given (`profile()` is a complete, valid one). */
  profile?: Record<string, unknown>;
  /** Default `verified`. */
  status?: VerificationStatus;
  /** An admin's access token: verify through the admin endpoint, as the product does; else in the database. */
  admin?: string;
}

export interface WeeklyRule {
  day: string;
  start: string;
  end: string;
}

export interface ScheduleOptions {
  timezone?: string;
  weekly?: WeeklyRule[];
  /** More fields of `PUT /doctors/me/availability` (slotIntervalMinutes, …). */
  availability?: Record<string, unknown>;
  type?: { name?: string; durationMinutes?: number; bufferMinutes?: number; mode?: 'in_person' | 'video'; price?: { amount: number; currency: string } | null };
}

export const EVERY_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function allWeek(start: string, end: string): WeeklyRule[] {
  return EVERY_DAY.map((day) => ({ day, start, end }));
}

/** A complete, valid doctor profile; tests override what they are about. */
export function profile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bio: 'Cares for adults with heart conditions.',
    specialties: ['cardiology'],
    qualifications: [{ degree: 'MD', institution: 'University of Nairobi', year: 2008 }],
    licenseNumber: 'KMPDC-12345',
    yearsOfExperience: 12,
    languages: ['en', 'sw'],
    consultationFee: { amount: 5000, currency: 'KES' },
    consultationModes: ['in_person', 'video'],
    locations: [{ name: 'Heart Clinic', address: '1 Ngong Road', city: 'Nairobi', country: 'KE' }],
    ...overrides,
  };
}

export function patchMe(t: TestApp, accessToken: string, payload: unknown): Promise<Response> {
  return t.request({ method: 'PATCH', url: '/api/v1/doctors/me', headers: bearer(accessToken), payload: payload as Record<string, unknown> });
}

export function verify(t: TestApp, admin: string, doctorId: string, status: 'verified' | 'rejected' = 'verified', note?: string): Promise<Response> {
  return t.request({ method: 'PATCH', url: `/api/v1/admin/doctors/${doctorId}/verification`, headers: bearer(admin), payload: { status, ...(note ? { note } : {}) } });
}

/** A doctor registered through the API, with the profile given (if any), verified unless told otherwise. */
export async function createDoctor(t: TestApp, options: DoctorOptions = {}): Promise<TestDoctor> {
  const fullName = options.fullName ?? `Dr ${randomBytes(3).toString('hex')}`;
  const session = await registerUser(t, { role: 'doctor', fullName });
  const [row] = await queryRows<{ id: string }>(t, sql`select id from doctors where user_id = ${session.user.id}`);
  const doctorId = row!.id;
  if (options.profile) {
    const patched = await patchMe(t, session.accessToken, options.profile);
    expect(patched.statusCode, patched.body).toBe(200);
  }
  const status = options.status ?? 'verified';
  if (status !== 'pending') {
    if (options.admin) expect((await verify(t, options.admin, doctorId, status)).statusCode).toBe(200);
    else await queryRows(t, sql`update doctors set verification_status = ${status} where id = ${doctorId}`);
  }
  return { doctorId, userId: session.user.id, token: session.accessToken, email: session.email, password: session.password, fullName };
}

/**
 * A doctor patients can book: `createDoctor`, then hours (all week 09:00–17:00 UTC unless told)
 * and one appointment type (30-minute video consultation unless told), through the API.
 */
export async function createBookableDoctor(t: TestApp, options: DoctorOptions & ScheduleOptions = {}): Promise<BookableDoctor> {
  const doctor = await createDoctor(t, options);
  const availability = await t.request({
    method: 'PUT',
    url: '/api/v1/doctors/me/availability',
    headers: bearer(doctor.token),
    payload: { timezone: options.timezone ?? 'UTC', weekly: options.weekly ?? allWeek('09:00', '17:00'), ...options.availability },
  });
  expect(availability.statusCode, availability.body).toBe(200);
  const type = await t.request({
    method: 'POST',
    url: '/api/v1/doctors/me/appointment-types',
    headers: bearer(doctor.token),
    payload: { name: 'Consultation', durationMinutes: 30, mode: 'video', ...options.type },
  });
  expect(type.statusCode, type.body).toBe(201);
  return { ...doctor, typeId: type.json().id as string };
}

export async function createPatient(t: TestApp, fullName = 'Pat Patient'): Promise<TestPatient> {
  const session = await registerUser(t, { role: 'patient', fullName });
  return { token: session.accessToken, userId: session.user.id, email: session.email };
}
