import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import type { RolePermission } from '../../common/access/permission.js';
import { AuditService, type AuditEvent } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.service.js';
import type { KeysetPosition } from '../../common/pagination/keyset.js';
import type { Page, PageQuery } from '../../common/pagination/page-query.js';
import { paginateByInstant } from '../../common/pagination/paginate.js';

/** One read of the audit trail: who may, which rows, and what the read itself is recorded as. */
export interface TrailRead<Row extends { at: Date; id: string }> {
  permission: RolePermission;
  /** What a cursor is bound to (see CursorCodec): the reader or the filters. */
  scope: string;
  query: PageQuery;
  fetch: (after: KeysetPosition<Date> | null, take: number) => Promise<Row[]>;
  recordedAs: Pick<AuditEvent, 'action' | 'resource'>;
}

/**
 * Reading the audit trail, the one way both of its lists do it (a patient's access log, the
 * admins' audit events): the reader's permission first, then a page newest first by `at`, and
 * the read itself recorded with how many rows it returned — looking at the trail is on it too.
 */
@Injectable()
export class AuditedTrailPages {
  constructor(
    private readonly access: AccessService,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditService,
  ) {}

  async read<Row extends { at: Date; id: string }>(reader: Principal, client: ClientContext, read: TrailRead<Row>): Promise<Page<Row>> {
    await this.access.requireAccess(reader, read.permission);
    const page = await paginateByInstant(this.cursors, { scope: read.scope, limit: read.query.limit, cursor: read.query.cursor }, read.fetch, (row) => row.at);
    await this.audit.recordBy(reader, client, { ...read.recordedAs, outcome: 'success', details: { returned: page.data.length } });
    return page;
  }
}
