import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { CursorCodec, digestOf } from '../../common/pagination/cursor-codec.js';
import type { Page } from '../../common/pagination/page-query.js';
import { toAuditEventDto, type AuditEventDto, type AuditQuery } from './audit-event.dto.js';
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
    const after = cursor ? this.cursors.decode(scope, cursor) : null;
    const rows = await this.repository.list(filter, after ? { at: new Date(Number(after.keys[0])), id: after.id } : null, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    await this.audit.record({
      action: 'audit.read',
      outcome: 'success',
      actor: { id: admin.userId, role: admin.role },
      resource: { type: 'audit_events' },
      client,
      details: { returned: page.length },
    });
    return {
      data: page.map(toAuditEventDto),
      nextCursor: rows.length > limit && last ? this.cursors.encode(scope, { keys: [last.at.getTime()], id: last.id }) : null,
    };
  }
}
