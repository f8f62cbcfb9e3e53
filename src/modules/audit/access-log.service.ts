import { Injectable } from '@nestjs/common';
import { Permission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import type { ClientContext } from '../../common/http/client-context.js';
import type { Page, PageQuery } from '../../common/pagination/page-query.js';
import { AccessLogRepository } from './access-log.repository.js';
import { AuditedTrailPages } from './audited-trail-pages.service.js';
import { toAccessLogEntryDto, type AccessLogEntryDto } from './dto/access-log.outputs.js';

/** Patients see who looked: the accounting of disclosures of their health data. */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly repository: AccessLogRepository,
    private readonly trail: AuditedTrailPages,
  ) {}

  async list(principal: Principal, query: PageQuery, client: ClientContext): Promise<Page<AccessLogEntryDto>> {
    const page = await this.trail.read(principal, client, {
      permission: Permission.AccessLogReadOwn,
      // The cursor is bound to the caller: it cannot walk another patient's log.
      scope: `access-log:${principal.userId}`,
      query,
      fetch: (after, take) => this.repository.list(principal.userId, after, take),
      recordedAs: { action: 'access_log.read', resource: { type: 'access_log', id: principal.userId } },
    });
    return { data: page.data.map(toAccessLogEntryDto), nextCursor: page.nextCursor };
  }
}
