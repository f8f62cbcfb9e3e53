import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors/app-error.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.service.js';
import type { PageQuery } from '../../common/pagination/page-query.js';
import { paginateByInstant } from '../../common/pagination/paginate.js';
import { toWebhookDeliveryDto, type WebhookDeliveryDto, type WebhookDeliveryPageDto } from './dto/webhook.outputs.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';

/** A subscription's deliveries: what became of each event (never its payload), and a retry. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly access: AccessService,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly cursors: CursorCodec,
  ) {}

  async list(principal: Principal, subscriptionId: string, query: PageQuery): Promise<WebhookDeliveryPageDto> {
    await this.access.requireAccess(principal, Permission.WebhookManage, subscriptionId);
    const page = await paginateByInstant(
      this.cursors,
      { scope: `webhook-deliveries:${subscriptionId}`, limit: query.limit, cursor: query.cursor },
      (after, take) => this.deliveries.list(subscriptionId, after, take),
      (row) => row.createdAt,
    );
    return { data: page.data.map(toWebhookDeliveryDto), nextCursor: page.nextCursor };
  }

  /** One more attempt as soon as the worker polls (202): same `webhook-id`, same body. */
  async retry(principal: Principal, subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    await this.access.requireAccess(principal, Permission.WebhookManage, subscriptionId);
    const row = await this.deliveries.retry(subscriptionId, deliveryId);
    if (!row) throw notFound('webhookDelivery');
    return toWebhookDeliveryDto(row);
  }
}
