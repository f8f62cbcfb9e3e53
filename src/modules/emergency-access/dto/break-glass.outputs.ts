import { z } from 'zod';
import { pageSchema } from '../../../common/pagination/page-query.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { appointmentStatusSchema } from '../../../common/validation/enums.js';
import type { GrantRow, PatientRecords } from '../break-glass.repository.js';

export const breakGlassGrantSchema = z
  .object({
    id: z.uuid(),
    adminId: z.uuid(),
    adminName: z.string().max(200),
    patientId: z.uuid(),
    patientName: z.string().max(200),
    reason: z.string().max(500),
    createdAt: instantOutput,
    expiresAt: instantOutput,
    active: z.boolean().meta({ description: 'Whether the grant is still within its 30 minutes' }),
  })
  .meta({ id: 'BreakGlassGrant' });
export type BreakGlassGrantDto = z.infer<typeof breakGlassGrantSchema>;
export const breakGlassGrantPageSchema = pageSchema(breakGlassGrantSchema);

export function toBreakGlassGrantDto(row: GrantRow, now = new Date()): BreakGlassGrantDto {
  return {
    id: row.id,
    adminId: row.adminId,
    adminName: row.adminName,
    patientId: row.patientId,
    patientName: row.patientName,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    active: row.expiresAt.getTime() > now.getTime(),
  };
}

export const patientRecordsSchema = z
  .object({
    grant: breakGlassGrantSchema,
    patient: z.object({
      id: z.uuid(),
      fullName: z.string().max(200),
      email: z.string().max(254),
      phone: z.string().max(26).nullable(),
      dateOfBirth: z.string().max(10).nullable().meta({ format: 'date' }),
    }),
    appointments: z
      .array(
        z.object({
          id: z.uuid(),
          doctorId: z.uuid(),
          doctorName: z.string().max(200),
          start: instantOutput,
          end: instantOutput,
          status: appointmentStatusSchema,
          reason: z.string().max(2000).nullable(),
          cancellationReason: z.string().max(2000).nullable(),
        }),
      )
      .max(200)
      .meta({ description: 'The newest 200, newest first' }),
  })
  .meta({ id: 'PatientRecords' });
export type PatientRecordsDto = z.infer<typeof patientRecordsSchema>;

export function toPatientRecordsDto(grant: GrantRow, records: PatientRecords): PatientRecordsDto {
  return {
    grant: toBreakGlassGrantDto(grant),
    patient: records.patient,
    appointments: records.appointments.map((a) => ({
      id: a.id,
      doctorId: a.doctorId,
      doctorName: a.doctorName,
      start: a.startAt.toISOString(),
      end: a.endAt.toISOString(),
      status: a.status,
      reason: a.reason,
      cancellationReason: a.cancellationReason,
    })),
  };
}
