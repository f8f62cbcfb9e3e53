import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { pageSchema, type Page } from '../../common/pagination/page-query.js';
import { toOpenApiSchema, ValidQuery } from '../../common/validation/zod-validation.js';
import { auditQuerySchema, type AuditQuery } from './dto/audit-event.inputs.js';
import { auditEventSchema, type AuditEventDto } from './dto/audit-event.outputs.js';
import { AuditEventsService } from './audit-events.service.js';

@ApiTags('admin')
@Controller('api/v1/admin/audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ description: 'Audit events, newest first', schema: toOpenApiSchema(pageSchema(auditEventSchema), 'output') })
  list(@ValidQuery(auditQuerySchema) query: AuditQuery, @CurrentUser() admin: Principal, @Client() client: ClientContext): Promise<Page<AuditEventDto>> {
    return this.events.list(query, admin, client);
  }
}
