import { Controller, Delete, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Staff } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { pageQuerySchema, type PageQuery } from '../../common/pagination/page-query.js';
import { uuidParam } from '../../common/validation/uuid.js';
import { ValidBody, ValidParam, ValidQuery } from '../../common/validation/zod-validation.js';
import { createWebhookSchema, updateWebhookSchema, type CreateWebhookInput, type UpdateWebhookInput } from './dto/webhook.inputs.js';
import * as outputs from './dto/webhook.outputs.js';
import { WebhooksService } from './webhooks.service.js';

/** `/webhooks`: signed event deliveries to the caller's own endpoints. */
@ApiTags('webhooks')
@Staff()
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Post()
  @Operation({
    id: 'createWebhook',
    summary: 'Subscribe an endpoint to events',
    description:
      "An admin's subscription hears the whole clinic, a doctor's their own appointments and verification. The answer carries the signing `secret` (`whsec_…`), shown only this once. The URL must be https in production and must not resolve to a loopback, private, link-local or metadata address.",
    ok: { status: 201, description: 'The subscription with its signing secret', schema: outputs.createdWebhookSchema },
    errors: ['NOT_FOUND', 'WEBHOOK_URL_NOT_ALLOWED'],
  })
  create(@CurrentUser() principal: Principal, @ValidBody(createWebhookSchema) body: CreateWebhookInput, @Client() client: ClientContext): Promise<outputs.CreatedWebhookDto> {
    return this.service.create(principal, body, client);
  }

  @Get()
  @Operation({
    id: 'listWebhooks',
    summary: 'Webhook subscriptions',
    description: "A doctor's own; every subscription for admins. Oldest first; never the secrets.",
    ok: { description: 'Subscriptions, oldest first', schema: outputs.webhookPageSchema },
  })
  list(@CurrentUser() principal: Principal, @ValidQuery(pageQuerySchema) query: PageQuery): Promise<outputs.WebhookPageDto> {
    return this.service.list(principal, query);
  }

  @Get(':id')
  @Operation({ id: 'getWebhook', summary: 'One webhook subscription', description: 'Its owner and admins; 404 for anyone else.', ok: { description: 'The subscription', schema: outputs.webhookSchema } })
  get(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<outputs.WebhookDto> {
    return this.service.get(principal, id);
  }

  @Patch(':id')
  @Operation({
    id: 'updateWebhook',
    summary: 'Change a webhook subscription',
    description: 'URL, events, active. Setting `active: true` again after an automatic disable gives it a fresh day; pending deliveries resume.',
    ok: { description: 'The subscription after the change', schema: outputs.webhookSchema },
    errors: ['WEBHOOK_URL_NOT_ALLOWED'],
  })
  update(
    @CurrentUser() principal: Principal,
    @ValidParam('id', uuidParam) id: string,
    @ValidBody(updateWebhookSchema) body: UpdateWebhookInput,
    @Client() client: ClientContext,
  ): Promise<outputs.WebhookDto> {
    return this.service.update(principal, id, body, client);
  }

  @Delete(':id')
  @Operation({ id: 'deleteWebhook', summary: 'Delete a webhook subscription', description: 'With its deliveries, pending ones included.', ok: { status: 204, description: 'Deleted' } })
  remove(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<void> {
    return this.service.remove(principal, id, client);
  }

  @Post(':id/secret/rotate')
  @Operation({
    id: 'rotateWebhookSecret',
    summary: "Rotate a webhook's signing secret",
    description: 'The new secret is shown once. For 24 hours every message carries two signatures, under the new and the previous secret, so the receiver can switch without losing any.',
    ok: { description: 'The new secret and when the previous one stops signing', schema: outputs.webhookSecretSchema },
  })
  rotate(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<outputs.WebhookSecretDto> {
    return this.service.rotateSecret(principal, id, client);
  }
}
