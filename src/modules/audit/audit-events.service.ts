import { Injectable } from '@nestjs/common';
import { Permission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { digestOf } from '../../common/pagination/cursor-codec.service.js';
import type { Page } from '../../common/pagination/page-query.js';
import { AuditedTrailPages } from './audited-trail-pages.service.js';
import type { AuditQuery } from './dto/audit-event.inputs.js';
import { toAuditEventDto, type AuditEventDto } from './dto/audit-event.outputs.js';
import { AuditEventsRepository } from './audit-events.repository.js';

@Injectable()
export class AuditEventsService {
  constructor(
    private readonly repository: AuditEventsRepository,
    private readonly trail: AuditedTrailPages,
  ) {}

  /** Reading the trail is itself an admin action, and is recorded like any other. */
  async list(query: AuditQuery, admin: Principal, client: ClientContext): Promise<Page<AuditEventDto>> {
    const { limit, cursor, ...filter } = query;
    const page = await this.trail.read(admin, client, {
      permission: Permission.AuditRead,
      // A cursor is bound to the filters it was issued for.
      scope: `audit-events:${digestOf(filter)}`,
      query: { limit, cursor },
      fetch: (after, take) => this.repository.list(filter, after, take),
      recordedAs: { action: 'audit.read', resource: { type: 'audit_events' } },
    });
    return { data: page.data.map(toAuditEventDto), nextCursor: page.nextCursor };
  }
}
