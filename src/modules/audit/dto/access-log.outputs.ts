import { z } from 'zod';
import { ROLES } from '../../../common/auth/policy.js';
import { pageSchema } from '../../../common/pagination/page-query.js';
import { instantOutput } from '../../../common/validation/instant.js';
import type { AccessLogRow } from '../access-log.repository.js';

export const accessLogEntrySchema = z
  .object({
    id: z.uuid().meta({ description: 'The audit event' }),
    at: instantOutput,
    who: z.object({
      id: z.uuid().nullable(),
      role: z.enum(ROLES).nullable(),
      name: z.string().max(200).nullable().meta({ description: 'Null when the account no longer exists' }),
    }),
    action: z.string().max(100).meta({ example: 'appointment.read', description: 'What was done: `appointment.read`, `appointment.cancel`, … or `patient.records.read` (emergency access)' }),
    what: z.object({
      type: z.enum(['appointment', 'patient']).meta({ description: '`appointment`: one of your appointments; `patient`: your whole record' }),
      id: z.string().max(100),
    }),
    why: z.string().max(500).nullable().meta({ description: 'The stated reason, for emergency access' }),
    breakGlass: z.boolean().meta({ description: 'Read under an emergency-access grant' }),
  })
  .meta({ id: 'AccessLogEntry' });
export type AccessLogEntryDto = z.infer<typeof accessLogEntrySchema>;
export const accessLogPageSchema = pageSchema(accessLogEntrySchema);

export function toAccessLogEntryDto(row: AccessLogRow): AccessLogEntryDto {
  const grant = row.details?.breakGlassGrantId;
  const reason = row.details?.reason;
  const breakGlass = typeof grant === 'string';
  return {
    id: row.id,
    at: row.at.toISOString(),
    who: { id: row.actorId, role: (ROLES as readonly string[]).includes(row.actorRole ?? '') ? (row.actorRole as (typeof ROLES)[number]) : null, name: row.actorName },
    action: row.action,
    what: { type: row.resourceType === 'appointment' ? 'appointment' : 'patient', id: row.resourceId ?? '' },
    why: breakGlass && typeof reason === 'string' ? reason : null,
    breakGlass,
  };
}
