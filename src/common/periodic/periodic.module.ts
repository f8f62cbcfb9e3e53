import { Global, Inject, Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../core/tokens.js';
import { LOGGER } from '../logging/logger.js';
import { Metrics } from '../metrics/metrics.js';
import { PeriodicTaskRunner } from './periodic-task.runner.js';

/**
 * Starts the runner once every module has registered its tasks (they do so in onModuleInit,
 * which Nest finishes for all modules before any onApplicationBootstrap), and stops it in
 * onModuleDestroy: runs in flight finish before onApplicationShutdown closes the pools.
 */
@Injectable()
class PeriodicTaskLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(PeriodicTaskRunner) private readonly runner: PeriodicTaskRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.runner.stop();
  }
}

/** The one periodic-task runner of the application; features register their tasks with it. */
@Global()
@Module({
  providers: [
    {
      provide: PeriodicTaskRunner,
      inject: [APP_CONFIG, LOGGER, Metrics],
      useFactory: (config: AppConfig, logger: Logger, metrics: Metrics) =>
        new PeriodicTaskRunner({ enabled: config.tasks.enabled, logger, purgeBatchSize: config.tasks.purgeBatchSize, onRun: (task, outcome) => metrics.periodicTaskRuns.inc({ task, outcome }) }),
    },
    PeriodicTaskLifecycle,
  ],
  exports: [PeriodicTaskRunner],
})
export class PeriodicModule {}
