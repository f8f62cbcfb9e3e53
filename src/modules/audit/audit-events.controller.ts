import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import type { Page } from '../../common/pagination/page-query.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { auditQuerySchema, type AuditQuery } from './dto/audit-event.inputs.js';
import { auditEventPageSchema, type AuditEventDto } from './dto/audit-event.outputs.js';
import { AuditEventsService } from './audit-events.service.js';

@ApiTags('admin')
@Controller('api/v1/admin/audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @Roles('admin')
  @Operation({
    id: 'listAuditEvents',
    summary: 'The audit trail',
    description: 'Newest first, filtered by actor, action, resource, outcome and time (`[from, to)`). A cursor works only with the filters it came with. Reading the trail is itself recorded.',
    ok: { description: 'Audit events, newest first', schema: auditEventPageSchema },
  })
  list(@ValidQuery(auditQuerySchema) query: AuditQuery, @CurrentUser() admin: Principal, @Client() client: ClientContext): Promise<Page<AuditEventDto>> {
    return this.events.list(query, admin, client);
  }
}
