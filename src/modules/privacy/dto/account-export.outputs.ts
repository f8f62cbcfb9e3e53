import { z } from 'zod';
import { verificationStatusSchema } from '../../../common/validation/enums.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { timeZoneOutput } from '../../../common/validation/time-zone.js';
import { userSchema } from '../../auth/dto/user.outputs.js';
import { DEVICE_PLATFORMS } from '../../notifications/push/push-transport.js';
import { notificationPreferencesSchema } from '../../scheduling/notifications/preferences/dto/notification-preferences.outputs.js';
import { accessLogEntrySchema, type AccessLogEntryDto } from '../../audit/dto/access-log.outputs.js';
import { appointmentSchema, type AppointmentDto } from '../../scheduling/appointments/dto/appointment.outputs.js';
import { consentSchema, type ConsentDto } from '../../consents/dto/consents.outputs.js';
import type { AccountRecords } from '../account-export.repository.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const accountExportSchema = z
  .object({
    exportedAt: instantOutput,
    account: userSchema,
    secondFactorEnrolled: z.boolean(),
    doctorProfile: z
      .object({ id: z.uuid(), verificationStatus: verificationStatusSchema, timezone: timeZoneOutput, bio: z.string().max(5_000), licenseNumber: z.string().max(100).nullable(), createdAt: instantOutput })
      .nullable()
      .meta({ description: 'A doctor’s own profile; null for patients and admins' }),
    phoneVerification: z.object({ phone: z.string().max(40), verifiedAt: instantOutput.nullable() }).nullable(),
    calendarFeed: z.object({ createdAt: instantOutput }).nullable().meta({ description: 'Whether a private calendar feed exists (its token is never stored in clear)' }),
    notificationPreferences: notificationPreferencesSchema
      .nullable()
      .meta({ description: 'Null: the defaults apply' }),
    devices: z.array(z.object({ id: z.uuid(), platform: z.enum(DEVICE_PLATFORMS), createdAt: instantOutput, lastRegisteredAt: instantOutput })).max(100).meta({ description: 'Registered devices, without their push tokens' }),
    appointments: z.array(appointmentSchema).max(100_000).meta({ description: 'As patient, with reasons and intake answers' }),
    reviews: z.array(z.object({ id: z.uuid(), doctorId: z.uuid(), appointmentId: z.uuid().nullable(), rating: z.number().int(), comment: z.string().max(5_000).nullable(), anonymous: z.boolean(), createdAt: instantOutput })).max(100_000),
    waitlist: z
      .array(z.object({ id: z.uuid(), doctorId: z.uuid(), appointmentTypeId: z.uuid(), from: instantOutput, to: instantOutput, times: z.unknown(), createdAt: instantOutput, endedAt: instantOutput.nullable() }))
      .max(100_000),
    accessLog: z.array(accessLogEntrySchema).max(1_000_000).meta({ description: 'Who read or changed your health data (patients; empty for others)' }),
    consents: z.array(consentSchema).max(1000).meta({ description: 'Every version of the terms the caller has accepted, newest first (as GET /api/v1/me/consents lists them)' }),
  })
  .meta({ id: 'AccountExport', description: 'Everything held about the caller (GET /api/v1/me/export)' });
export type AccountExportDto = z.infer<typeof accountExportSchema>;

/** The export, from the caller's own rows and what the other modules' services answered them. */
export function toAccountExportDto(records: AccountRecords, read: { appointments: AppointmentDto[]; accessLog: AccessLogEntryDto[]; consents: ConsentDto[] }, at: Date): AccountExportDto {
  const d = records.doctor;
  return {
    exportedAt: at.toISOString(),
    account: { id: records.user.id, email: records.user.email, fullName: records.user.fullName, role: records.user.role, phone: records.user.phone, dateOfBirth: records.user.dateOfBirth, locale: records.user.locale, createdAt: records.user.createdAt.toISOString() },
    secondFactorEnrolled: Boolean(records.secondFactor?.confirmedAt),
    doctorProfile: d ? { ...d, createdAt: d.createdAt.toISOString() } : null,
    phoneVerification: records.phoneVerification ? { phone: records.phoneVerification.phone, verifiedAt: iso(records.phoneVerification.verifiedAt) } : null,
    calendarFeed: records.calendarFeed ? { createdAt: records.calendarFeed.createdAt.toISOString() } : null,
    notificationPreferences: preferencesOf(records.notificationPreferences),
    devices: records.devices.map((x) => ({ ...x, createdAt: x.createdAt.toISOString(), lastRegisteredAt: x.lastRegisteredAt.toISOString() })),
    appointments: read.appointments,
    reviews: records.reviews.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    waitlist: records.waitlist.map((w) => ({ id: w.id, doctorId: w.doctorId, appointmentTypeId: w.appointmentTypeId, from: w.fromAt.toISOString(), to: w.toAt.toISOString(), times: w.times, createdAt: w.createdAt.toISOString(), endedAt: iso(w.endedAt) })),
    accessLog: read.accessLog,
    consents: read.consents,
  };
}

/** The stored preferences as GET /me/notification-preferences shows them (a kind never stored: no channel). */
function preferencesOf(stored: AccountRecords['notificationPreferences']): AccountExportDto['notificationPreferences'] {
  if (!stored) return null;
  const channels = stored.channels as Partial<NonNullable<AccountExportDto['notificationPreferences']>['channels']>;
  return {
    channels: { bookingConfirmed: channels.bookingConfirmed ?? [], reminder: channels.reminder ?? [], appointmentChanged: channels.appointmentChanged ?? [], waitlistOffer: channels.waitlistOffer ?? [], accountSecurity: channels.accountSecurity ?? [] },
    quietHours: stored.quietStart && stored.quietEnd && stored.quietTimeZone ? { start: stored.quietStart, end: stored.quietEnd, timeZone: stored.quietTimeZone, otherwise: stored.quietOtherwise === 'email' ? 'email' : 'wait' } : null,
  };
}
