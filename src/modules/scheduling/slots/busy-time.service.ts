import { Injectable } from '@nestjs/common';
import type { Executor } from '../../../db/transactions.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import type { InstantRange } from './engine/index.js';

/** What takes a doctor's time, for slot listings: confirmed appointments (with their buffers) and live holds. */
@Injectable()
export class BusyTime {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly holds: HoldsRepository,
  ) {}

  /** Busy ranges overlapping [from, to) on `db`: two indexed queries, side by side. */
  async overlapping(db: Executor, doctorId: string, from: Date, to: Date): Promise<InstantRange[]> {
    const [booked, held] = await Promise.all([
      this.appointments.busyRanges(db, doctorId, from, to),
      // A live hold (issue 13) takes its slot out of every listing until it expires.
      this.holds.liveRanges(db, doctorId, from, to),
    ]);
    return [...booked, ...held];
  }
}
