import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.service.js';
import type { Page, PageQuery } from '../../common/pagination/page-query.js';
import { paginateByInstant } from '../../common/pagination/paginate.js';
import { AccessLogRepository } from './access-log.repository.js';
import { toAccessLogEntryDto, type AccessLogEntryDto } from './dto/access-log.outputs.js';

/** Patients see who looked: the accounting of disclosures of their health data. */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: AccessLogRepository,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: PageQuery, client: ClientContext): Promise<Page<AccessLogEntryDto>> {
    await this.access.requireAccess(principal, Permission.AccessLogReadOwn);
    // The cursor is bound to the caller: it cannot walk another patient's log.
    const page = await paginateByInstant(
      this.cursors,
      { scope: `access-log:${principal.userId}`, limit: query.limit, cursor: query.cursor },
      (after, take) => this.repository.list(principal.userId, after, take),
      (row) => row.at,
    );
    await this.audit.recordBy(principal, client, { action: 'access_log.read', outcome: 'success', resource: { type: 'access_log', id: principal.userId }, details: { returned: page.data.length } });
    return { data: page.data.map(toAccessLogEntryDto), nextCursor: page.nextCursor };
  }
}
