import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../../common/audit/audit.service.js';
import type { Principal } from '../../../../common/auth/principal.js';
import { notFound } from '../../../../common/errors/app-error.js';
import type { ClientContext } from '../../../../common/http/client-context.js';
import { CursorCodec } from '../../../../common/pagination/cursor-codec.service.js';
import type { Page } from '../../../../common/pagination/page-query.js';
import { paginate } from '../../../../common/pagination/paginate.js';
import { Metrics } from '../../../../common/metrics/metrics.js';
import { OutboxRepository } from '../outbox.repository.js';
import type { AdminNotificationsQuery } from './dto/admin-notifications.inputs.js';
import { toFailedNotificationDto, type FailedNotificationDto } from './dto/admin-notifications.outputs.js';

/** Admins' view of notifications that failed for good (dead letters), and their retry. */
@Injectable()
export class AdminNotificationsService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
  ) {}

  async list(query: AdminNotificationsQuery): Promise<Page<FailedNotificationDto>> {
    const page = await paginate(
      this.cursors,
      { scope: `admin-notifications:${query.status}`, keyCount: 1, limit: query.limit, cursor: query.cursor },
      (after, take) => this.outbox.listDead(take, after ? { deadAt: new Date(String(after.keys[0])), id: after.id } : undefined),
      (row) => ({ keys: [row.deadAt!.toISOString()], id: row.id }),
    );
    return { data: page.data.map(toFailedNotificationDto), nextCursor: page.nextCursor };
  }

  /** Queues a dead letter again with a fresh set of attempts; 404 for anything else. */
  async retry(id: string, admin: Principal, client: ClientContext): Promise<FailedNotificationDto> {
    const row = await this.outbox.retryDead(id);
    if (!row) throw notFound('deadLetter');
    await this.audit.recordBy(admin, client, { action: 'notification.retry', resource: { type: 'notification', id }, outcome: 'success' });
    this.metrics.notifications.inc({ channel: row.payload.channels ?? 'any', outcome: 'retried' });
    return toFailedNotificationDto(row);
  }
}
