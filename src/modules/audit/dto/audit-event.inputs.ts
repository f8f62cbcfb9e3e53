import { z } from 'zod';
import { cursorParam, limitParam } from '../../../common/pagination/page-query.js';
import { instantSchema } from '../../../common/validation/instant.js';
import { AUDIT_OUTCOMES, listed } from '../../../common/validation/enums.js';
import { AUDIT_BOUNDS } from '../../../common/audit/audit.service.js';

export const auditQuerySchema = z.strictObject({
  actorId: z.uuid('must be a UUID').optional(),
  action: z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'must look like area.verb, e.g. auth.login').max(AUDIT_BOUNDS.action).optional(),
  resourceType: z.string().regex(/^[a-z_]+$/, 'must be a resource type such as appointment').max(AUDIT_BOUNDS.resourceType).optional(),
  resourceId: z.string().min(1).max(AUDIT_BOUNDS.resourceId).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, `must be ${listed(AUDIT_OUTCOMES, false)}`).optional(),
  from: instantSchema.optional().meta({ description: 'Events at or after this instant' }),
  to: instantSchema.optional().meta({ description: 'Events before this instant' }),
  limit: limitParam,
  cursor: cursorParam,
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
