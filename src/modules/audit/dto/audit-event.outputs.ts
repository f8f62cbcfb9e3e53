import { z } from 'zod';
import { pageSchema } from '../../../common/pagination/page-query.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { AUDIT_OUTCOMES } from '../../../common/validation/enums.js';
import { AUDIT_BOUNDS } from '../../../common/audit/audit.service.js';
import type { AuditEventRow } from '../audit-events.repository.js';

export const auditEventSchema = z.object({
  id: z.uuid(),
  at: instantOutput,
  actorId: z.uuid().nullable(),
  actorRole: z.string().max(20).nullable(),
  action: z.string().max(AUDIT_BOUNDS.action).meta({ example: 'appointment.read' }),
  resourceType: z.string().max(AUDIT_BOUNDS.resourceType),
  resourceId: z.string().max(AUDIT_BOUNDS.resourceId).nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  ip: z.string().max(AUDIT_BOUNDS.ip).nullable(),
  requestId: z.string().max(AUDIT_BOUNDS.requestId).nullable().meta({ description: "The server's own id of the request (its log lines carry it as reqId)" }),
  clientRequestId: z.string().max(AUDIT_BOUNDS.requestId).nullable().meta({ description: "The caller's X-Request-Id, if it sent a well-formed one" }),
  details: z.record(z.string(), z.union([z.string().max(AUDIT_BOUNDS.detail), z.number(), z.boolean(), z.null()])).nullable(),
}).meta({ id: 'AuditEvent' });
export type AuditEventDto = z.infer<typeof auditEventSchema>;
export const auditEventPageSchema = pageSchema(auditEventSchema);

export function toAuditEventDto(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    outcome: row.outcome,
    ip: row.ip,
    requestId: row.requestId,
    clientRequestId: row.clientRequestId,
    details: row.details ?? null,
  };
}
