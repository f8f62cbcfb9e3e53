import { Injectable } from '@nestjs/common';
import { DirectoryCache } from '../doctors/directory-cache.js';
import { NextAvailableService } from './next-available.service.js';
import { SlotCache } from './slot-cache.js';

/**
 * What follows every committed change to a doctor's schedule, before the response goes out:
 * the slot cache moves to a new generation, the directory's next free slot is recomputed,
 * and when that moved, the doctors directory cache too.
 */
@Injectable()
export class ScheduleChanges {
  constructor(
    private readonly cache: SlotCache,
    private readonly nextAvailable: NextAvailableService,
    private readonly directory: DirectoryCache,
  ) {}

  async changed(doctorId: string): Promise<void> {
    await this.cache.bump(doctorId);
    if (await this.nextAvailable.refresh(doctorId)) await this.directory.invalidate();
  }

  /** A rating changed: cards and profiles show it. */
  async ratingChanged(): Promise<void> {
    await this.directory.invalidate();
  }
}
