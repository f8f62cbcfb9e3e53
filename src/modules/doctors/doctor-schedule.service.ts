import { Injectable } from '@nestjs/common';
import type { Db } from '../../db/database.js';
import { DirectoryCache } from './directory.cache.js';
import { DoctorSyncRepository } from './doctor-sync.repository.js';

export interface NextOpening {
  doctorId: string;
  at: Date | null;
}

/**
 * What scheduling stores on the doctor row (exported to it): the time zone, which availability
 * sets with the weekly hours, and the next opening, which scheduling computes and the directory
 * shows and sorts by.
 */
@Injectable()
export class DoctorScheduleService {
  constructor(
    private readonly doctors: DoctorSyncRepository,
    private readonly directory: DirectoryCache,
  ) {}

  /** In the caller's transaction, with the hours it replaces; the caller emits `doctor.scheduleChanged` after the commit. */
  setTimezone(tx: Db, doctorId: string, timezone: string): Promise<void> {
    return this.doctors.setTimezone(tx, doctorId, timezone);
  }

  /** Stores each doctor's next opening; when any moved, the directory forgets once. Returns how many moved. */
  async storeNextAvailable(openings: readonly NextOpening[]): Promise<number> {
    let moved = 0;
    for (const { doctorId, at } of openings) if (await this.doctors.setNextAvailableAt(doctorId, at)) moved++;
    if (moved > 0) await this.directory.invalidate();
    return moved;
  }
}
