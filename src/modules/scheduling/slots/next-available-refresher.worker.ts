import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { DoctorLookupRepository } from '../doctor-lookup.repository.js';
import { NextAvailableService } from './next-available.service.js';

/** How often the refresher runs on the periodic-task runner (see SchedulingTasks). */
export const NEXT_AVAILABLE_REFRESH_MS = 60_000;
const BATCH = 200;

/**
 * Changes refresh `nextAvailableAt` at once; this catches the other cause of staleness, time
 * passing: a stored opening that is now in the past is recomputed. Runs on the periodic-task
 * runner with the other background tasks (OUTBOX_WORKER_ENABLED); idempotent, so several
 * instances may run it.
 */
@Injectable()
export class NextAvailableRefresher {
  constructor(
    private readonly doctors: DoctorLookupRepository,
    private readonly nextAvailable: NextAvailableService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Recomputes passed openings; returns how many changed (the directory forgets once if any did). */
  async tick(): Promise<number> {
    const ids = await this.doctors.withPassedNextAvailable(this.clock.now(), BATCH);
    return this.nextAvailable.refresh(ids);
  }
}
