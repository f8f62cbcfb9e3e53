import { Injectable } from '@nestjs/common';
import { ReadRouting } from '../../../db/read-routing.js';
import { ScheduleActivityRepository } from './schedule-activity.repository.js';

/**
 * Which public doctors' schedules changed since an instant, for incremental publishing
 * (FHIR `$bulk-publish?_since=`). `at` is the database's clock, the one every change is
 * stamped with, so a client that asks again with `_since=at` misses nothing committed before.
 */
@Injectable()
export class ScheduleActivity {
  constructor(
    private readonly repository: ScheduleActivityRepository,
    private readonly reads: ReadRouting,
  ) {}

  /** Reads the primary: a replica's lag would make `at` claim changes it has not seen. */
  changed(since: Date | undefined): Promise<{ at: Date; doctorIds: string[] }> {
    return this.repository.changed(this.reads.primary, since);
  }
}
