import { Injectable } from '@nestjs/common';
import { NextAvailableService } from './next-available.service.js';
import { SlotCache } from './slot-cache.js';

/**
 * What follows every committed change to a doctor's schedule, before the response goes out:
 * the slot cache moves to a new generation, and the directory's next free slot is recomputed.
 */
@Injectable()
export class ScheduleChanges {
  constructor(
    private readonly cache: SlotCache,
    private readonly nextAvailable: NextAvailableService,
  ) {}

  async changed(doctorId: string): Promise<void> {
    await this.cache.bump(doctorId);
    await this.nextAvailable.refresh(doctorId);
  }
}
