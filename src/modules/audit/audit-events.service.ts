import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { CursorCodec, digestOf } from '../../common/pagination/cursor-codec.service.js';
import type { Page } from '../../common/pagination/page-query.js';
import { paginateByInstant } from '../../common/pagination/paginate.js';
import type { AuditQuery } from './dto/audit-event.inputs.js';
import { toAuditEventDto, type AuditEventDto } from './dto/audit-event.outputs.js';
import { AuditEventsRepository } from './audit-events.repository.js';

@Injectable()
export class AuditEventsService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: AuditEventsRepository,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditService,
  ) {}

  /** Reading the trail is itself an admin action, and is recorded like any other. */
  async list(query: AuditQuery, admin: Principal, client: ClientContext): Promise<Page<AuditEventDto>> {
    await this.access.requireAccess(admin, Permission.AuditRead);
    const { limit, cursor, ...filter } = query;
    // A cursor is bound to the filters it was issued for.
    const scope = `audit-events:${digestOf(filter)}`;
    const page = await paginateByInstant(
      this.cursors,
      { scope, limit, cursor },
      (after, take) => this.repository.list(filter, after, take),
      (row) => row.at,
    );
    await this.audit.recordBy(admin, client, { action: 'audit.read', outcome: 'success', resource: { type: 'audit_events' }, details: { returned: page.data.length } });
    return { data: page.data.map(toAuditEventDto), nextCursor: page.nextCursor };
  }
}
