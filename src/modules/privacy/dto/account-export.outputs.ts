import { z } from 'zod';
import { ROLES } from '../../../common/auth/policy.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { timeZoneOutput } from '../../../common/validation/time-zone.js';
import { accessLogEntrySchema, type AccessLogEntryDto } from '../../audit/dto/access-log.outputs.js';
import { appointmentSchema, type AppointmentDto } from '../../scheduling/appointments/dto/appointment.outputs.js';
import type { AccountRecords } from '../account-export.repository.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const accountExportSchema = z
  .object({
    exportedAt: instantOutput,
    account: z.object({
      id: z.uuid(),
      email: z.string().max(320),
      fullName: z.string().max(200),
      role: z.enum(ROLES),
      phone: z.string().max(40).nullable(),
      dateOfBirth: z.string().max(10).nullable(),
      locale: z.string().max(10),
      createdAt: instantOutput,
      updatedAt: instantOutput,
      secondFactorEnrolled: z.boolean(),
    }),
    doctorProfile: z
      .object({ id: z.uuid(), verificationStatus: z.string().max(20), timezone: timeZoneOutput, bio: z.string().max(5_000), licenseNumber: z.string().max(100).nullable(), createdAt: instantOutput })
      .nullable()
      .meta({ description: 'A doctor’s own profile; null for patients and admins' }),
    phoneVerification: z.object({ phone: z.string().max(40), verifiedAt: instantOutput.nullable() }).nullable(),
    calendarFeed: z.object({ createdAt: instantOutput }).nullable().meta({ description: 'Whether a private calendar feed exists (its token is never stored in clear)' }),
    notificationPreferences: z
      .object({ channels: z.record(z.string(), z.array(z.string().max(20)).max(10)), quietStart: z.string().max(5).nullable(), quietEnd: z.string().max(5).nullable(), quietTimeZone: z.string().max(100).nullable(), quietOtherwise: z.string().max(10) })
      .nullable()
      .meta({ description: 'Null: the defaults apply' }),
    devices: z.array(z.object({ id: z.uuid(), platform: z.string().max(10), createdAt: instantOutput, lastRegisteredAt: instantOutput })).max(100).meta({ description: 'Registered devices, without their push tokens' }),
    appointments: z.array(appointmentSchema).max(100_000).meta({ description: 'As patient, with reasons and intake answers' }),
    reviews: z.array(z.object({ id: z.uuid(), doctorId: z.uuid(), appointmentId: z.uuid().nullable(), rating: z.number().int(), comment: z.string().max(5_000).nullable(), anonymous: z.boolean(), createdAt: instantOutput })).max(100_000),
    waitlist: z
      .array(z.object({ id: z.uuid(), doctorId: z.uuid(), appointmentTypeId: z.uuid(), from: instantOutput, to: instantOutput, times: z.unknown(), createdAt: instantOutput, endedAt: instantOutput.nullable() }))
      .max(100_000),
    accessLog: z.array(accessLogEntrySchema).max(1_000_000).meta({ description: 'Who read or changed your health data (patients; empty for others)' }),
  })
  .meta({ id: 'AccountExport', description: 'Everything held about the caller (GET /api/v1/me/export)' });
export type AccountExportDto = z.infer<typeof accountExportSchema>;

export function toAccountExportDto(records: AccountRecords, appointments: AppointmentDto[], accessLog: AccessLogEntryDto[], at: Date): AccountExportDto {
  const d = records.doctor;
  return {
    exportedAt: at.toISOString(),
    account: { ...records.user, createdAt: records.user.createdAt.toISOString(), updatedAt: records.user.updatedAt.toISOString(), secondFactorEnrolled: Boolean(records.secondFactor?.confirmedAt) },
    doctorProfile: d ? { ...d, createdAt: d.createdAt.toISOString() } : null,
    phoneVerification: records.phoneVerification ? { phone: records.phoneVerification.phone, verifiedAt: iso(records.phoneVerification.verifiedAt) } : null,
    calendarFeed: records.calendarFeed ? { createdAt: records.calendarFeed.createdAt.toISOString() } : null,
    notificationPreferences: records.notificationPreferences,
    devices: records.devices.map((x) => ({ ...x, createdAt: x.createdAt.toISOString(), lastRegisteredAt: x.lastRegisteredAt.toISOString() })),
    appointments,
    reviews: records.reviews.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    waitlist: records.waitlist.map((w) => ({ id: w.id, doctorId: w.doctorId, appointmentTypeId: w.appointmentTypeId, from: w.fromAt.toISOString(), to: w.toAt.toISOString(), times: w.times, createdAt: w.createdAt.toISOString(), endedAt: iso(w.endedAt) })),
    accessLog,
  };
}
