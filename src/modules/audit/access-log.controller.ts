import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { pageQuerySchema, type Page, type PageQuery } from '../../common/pagination/page-query.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { AccessLogService } from './access-log.service.js';
import { accessLogPageSchema, type AccessLogEntryDto } from './dto/access-log.outputs.js';

@ApiTags('me')
@Controller('api/v1/me/access-log')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLogService) {}

  @Get()
  @Roles('patient')
  @Operation({
    id: 'getMyAccessLog',
    summary: 'Who looked at my health data',
    description: "Newest first: every read or change of the caller's appointments by someone else (the doctor, an admin), and every emergency-access (\"break glass\") read of the caller's record, with who (role and name), when, what and why.",
    ok: { description: 'Accesses, newest first', schema: accessLogPageSchema },
  })
  list(@CurrentUser() principal: Principal, @ValidQuery(pageQuerySchema) query: PageQuery, @Client() client: ClientContext): Promise<Page<AccessLogEntryDto>> {
    return this.accessLog.list(principal, query, client);
  }
}
