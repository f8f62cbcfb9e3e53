import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { PeriodicTaskRunner } from '../../common/periodic/periodic-task.runner.js';
import type { AppConfig } from '../../config/config.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';

export const WebhooksTask = {
  Deliver: 'webhooks.deliver',
  PurgeDeliveries: 'webhooks.purge-deliveries',
} as const;

/** Registers the webhook delivery worker and the purge of old deliveries with the periodic-task runner. */
@Injectable()
export class WebhooksTasks implements OnModuleInit {
  constructor(
    private readonly runner: PeriodicTaskRunner,
    private readonly worker: WebhookDeliveryWorker,
    private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { pollMs, retentionDays } = this.config.webhooks;
    this.runner.register({ name: WebhooksTask.Deliver, intervalMs: pollMs, run: (stop) => this.worker.tick(stop) });
    this.runner.registerPurge(WebhooksTask.PurgeDeliveries, async (limit) => ({ webhookDeliveries: await this.deliveries.purgeDelivered(retentionDays, limit) }));
  }
}
