import { Injectable } from '@nestjs/common';
import { ReadRouting } from '../../../db/read-routing.js';
import { ScheduleActivityRepository } from './schedule-activity.repository.js';

/**
 * Which public doctors' schedules changed since an instant, for incremental publishing
 * (FHIR `$bulk-publish?_since=`). `latest` is the latest change stamp (the database's clock,
 * which stamps every change), so a client that asks again with `_since=latest` misses nothing.
 */
@Injectable()
export class ScheduleActivity {
  constructor(
    private readonly repository: ScheduleActivityRepository,
    private readonly reads: ReadRouting,
  ) {}

  /** Reads the primary: a replica's lag would hide changes from `latest` and the list. */
  changed(since: Date | undefined): Promise<{ latest: Date | null; doctorIds: string[] }> {
    return this.repository.changed(this.reads.primary, since);
  }
}
