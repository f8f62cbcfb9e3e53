import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { LOGGER } from '../../common/logging/logger.js';
import type { AppConfig } from '../../config/config.js';
import { DirectoryCache } from '../doctors/directory-cache.js';
import { CLOCK, type Clock } from '../../common/clock/clock.js';
import { DoctorLookupRepository } from './doctor-lookup.repository.js';
import { NextAvailableService } from './next-available.service.js';

const EVERY_MS = 60_000;
const BATCH = 200;

/**
 * Changes refresh `nextAvailableAt` at once; this catches the other cause of staleness, time
 * passing: a stored opening that is now in the past is recomputed. Runs with the background
 * workers (OUTBOX_WORKER_ENABLED); idempotent, so several instances may run it.
 */
@Injectable()
export class NextAvailableRefresher implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly doctors: DoctorLookupRepository,
    private readonly nextAvailable: NextAvailableService,
    private readonly directory: DirectoryCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.scheduling.outbox.enabled) return;
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.tick()
          .catch((error: unknown) => {
            this.logger.warn({ err: { message: (error as Error).message } }, 'next-available refresh failed');
            return 0;
          })
          .finally(() => {
            this.running = null;
          });
      }
    }, EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Recomputes passed openings; returns how many changed. */
  async tick(): Promise<number> {
    const ids = await this.doctors.withPassedNextAvailable(this.clock.now(), BATCH);
    let changed = 0;
    for (const id of ids) if (await this.nextAvailable.refresh(id)) changed++;
    if (changed > 0) await this.directory.invalidate();
    return changed;
  }
}
