import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';
import { WebhookHttpClient } from './delivery/webhook-http-client.js';
import { WebhookDeliveriesController } from './webhook-deliveries.controller.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookListeners } from './webhook.listeners.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';
import { WebhooksTasks } from './webhooks.tasks.js';

/**
 * Signed webhooks (Standard Webhooks): subscriptions, the deliveries written in the transaction
 * of each appointment change and doctor verification (events from scheduling and doctors, so
 * this module imports neither), and the worker that delivers them.
 */
@Module({
  controllers: [WebhooksController, WebhookDeliveriesController],
  providers: [
    WebhooksRepository,
    WebhookDeliveriesRepository,
    {
      provide: WebhookHttpClient,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new WebhookHttpClient({ requireHttps: config.webhooks.requireHttps, allowPrivate: config.webhooks.allowPrivate, timeoutMs: config.webhooks.timeoutMs }),
    },
    WebhooksService,
    WebhookDeliveriesService,
    WebhookListeners,
    WebhookDeliveryWorker,
    WebhooksTasks,
  ],
})
export class WebhooksModule {}
