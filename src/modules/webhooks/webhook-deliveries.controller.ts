import { Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Staff } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Operation } from '../../common/openapi/operation.js';
import { pageQuerySchema, type PageQuery } from '../../common/pagination/page-query.js';
import { uuidParam } from '../../common/validation/uuid.js';
import { ValidParam, ValidQuery } from '../../common/validation/zod-validation.js';
import * as outputs from './dto/webhook.outputs.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';

/** `/webhooks/:id/deliveries`: what became of each event sent to a subscription. */
@ApiTags('webhooks')
@Staff()
@Controller('api/v1/webhooks/:id/deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly service: WebhookDeliveriesService) {}

  @Get()
  @Operation({
    id: 'listWebhookDeliveries',
    summary: "A webhook subscription's deliveries",
    description: 'Newest first: status, attempts, the last answer code. The payloads are not shown.',
    ok: { description: 'Deliveries, newest first', schema: outputs.webhookDeliveryPageSchema },
  })
  list(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidQuery(pageQuerySchema) query: PageQuery): Promise<outputs.WebhookDeliveryPageDto> {
    return this.service.list(principal, id, query);
  }

  @Post(':deliveryId/retry')
  @Operation({
    id: 'retryWebhookDelivery',
    summary: 'Deliver again',
    description: 'One more attempt at the next poll, with the same `webhook-id` and body (also for a delivered or given-up one). If it fails, the delivery is given up again.',
    ok: { status: 202, description: 'The delivery, queued', schema: outputs.webhookDeliverySchema },
  })
  retry(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidParam('deliveryId', uuidParam) deliveryId: string): Promise<outputs.WebhookDeliveryDto> {
    return this.service.retry(principal, id, deliveryId);
  }
}
