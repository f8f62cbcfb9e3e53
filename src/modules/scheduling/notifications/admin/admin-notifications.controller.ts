import { Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../../common/http/client-context.js';
import { Operation } from '../../../../common/openapi/operation.js';
import type { Page } from '../../../../common/pagination/page-query.js';
import { uuidParam } from '../../../../common/validation/uuid.js';
import { ValidParam, ValidQuery } from '../../../../common/validation/zod-validation.js';
import { AdminNotificationsService } from './admin-notifications.service.js';
import { adminNotificationsQuerySchema, type AdminNotificationsQuery } from './dto/admin-notifications.inputs.js';
import { failedNotificationPageSchema, failedNotificationSchema, type FailedNotificationDto } from './dto/admin-notifications.outputs.js';

@ApiTags('admin')
@Roles('admin')
@Controller('api/v1/admin/notifications')
export class AdminNotificationsController {
  constructor(private readonly notifications: AdminNotificationsService) {}

  @Get()
  @Operation({
    id: 'listFailedNotifications',
    summary: 'Notifications that failed for good',
    description: 'Dead letters: outbox messages given up after NOTIFY_MAX_ATTEMPTS, newest first, with the last error. Payloads hold ids only.',
    ok: { description: 'Failed notifications, newest first', schema: failedNotificationPageSchema },
  })
  list(@ValidQuery(adminNotificationsQuerySchema) query: AdminNotificationsQuery): Promise<Page<FailedNotificationDto>> {
    return this.notifications.list(query);
  }

  @Post(':id/retry')
  @Operation({
    id: 'retryFailedNotification',
    summary: 'Retry a failed notification',
    description: 'Puts a dead letter back in the queue with a fresh set of attempts; the worker sends it on its next poll. Audited. 404 for an id that is not a dead letter.',
    ok: { description: 'The notification, queued again', schema: failedNotificationSchema },
    errors: ['NOT_FOUND'],
  })
  retry(@ValidParam('id', uuidParam) id: string, @CurrentUser() admin: Principal, @Client() client: ClientContext): Promise<FailedNotificationDto> {
    return this.notifications.retry(id, admin, client);
  }
}
