import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { LOGGER } from '../../common/logging/logger.js';
import { PeriodicTaskRunner } from '../../common/periodic/periodic-task.runner.js';
import { purgeTask } from '../../common/periodic/purge-task.js';
import type { AppConfig } from '../../config/config.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { NEXT_AVAILABLE_REFRESH_MS, NextAvailableRefresher } from './next-available.refresher.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';

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
    private readonly outbox: OutboxWorker,
    private readonly refresher: NextAvailableRefresher,
    private readonly idempotency: IdempotencyRepository,
    private readonly outboxRows: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const batchSize = this.config.tasks.purgeBatchSize;
    this.runner.register({ name: SchedulingTask.Outbox, intervalMs: this.config.scheduling.outbox.pollMs, run: () => this.outbox.tick() });
    this.runner.register({ name: SchedulingTask.NextAvailable, intervalMs: NEXT_AVAILABLE_REFRESH_MS, run: () => this.refresher.tick() });
    this.runner.register(
      purgeTask({
        name: SchedulingTask.PurgeIdempotencyKeys,
        logger: this.logger,
        batchSize,
        purge: async (limit) => ({ idempotencyKeys: await this.idempotency.purgeExpired(limit) }),
      }),
    );
    const { retentionDays } = this.config.scheduling.outbox;
    this.runner.register(
      purgeTask({
        name: SchedulingTask.PurgeOutbox,
        logger: this.logger,
        batchSize,
        purge: async (limit) => ({ outbox: await this.outboxRows.purgeDelivered(retentionDays, limit) }),
      }),
    );
  }
}
