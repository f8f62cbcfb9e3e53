import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { PeriodicTaskRunner } from '../../common/periodic/periodic-task.runner.js';
import type { AppConfig } from '../../config/config.js';
import { IdempotencyRepository } from './appointments/idempotency.repository.js';
import { NEXT_AVAILABLE_REFRESH_MS, NextAvailableRefresher } from './slots/next-available-refresher.worker.js';
import { OutboxRepository } from './notifications/outbox.repository.js';
import { OutboxWorker } from './notifications/outbox.worker.js';

/** Scheduling's periodic tasks, by the names `runOnce` and the logs use. */
export const SchedulingTask = {
  Outbox: 'scheduling.outbox',
  NextAvailable: 'scheduling.next-available',
  PurgeIdempotencyKeys: 'scheduling.purge-idempotency-keys',
  PurgeOutbox: 'scheduling.purge-outbox',
} as const;

/** Registers scheduling's background work with the application's periodic-task runner. */
@Injectable()
export class SchedulingTasks implements OnModuleInit {
  constructor(
    private readonly runner: PeriodicTaskRunner,
    private readonly worker: OutboxWorker,
    private readonly refresher: NextAvailableRefresher,
    private readonly idempotency: IdempotencyRepository,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { pollMs, retentionDays } = this.config.scheduling.outbox;
    this.runner.register({ name: SchedulingTask.Outbox, intervalMs: pollMs, run: (stop) => this.worker.tick(stop) });
    this.runner.register({ name: SchedulingTask.NextAvailable, intervalMs: NEXT_AVAILABLE_REFRESH_MS, run: () => this.refresher.tick() });
    this.runner.registerPurge(SchedulingTask.PurgeIdempotencyKeys, async (limit) => ({ idempotencyKeys: await this.idempotency.purgeExpired(limit) }));
    this.runner.registerPurge(SchedulingTask.PurgeOutbox, async (limit) => ({ outbox: await this.outbox.purgeDelivered(retentionDays, limit) }));
  }
}
