import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DirectoryCache } from '../doctors/directory-cache.js';
import { DoctorEvents } from '../doctors/doctor-events.js';
import { CLOCK, type Clock } from '../../common/clock/clock.js';
import { NextAvailableService } from './next-available.service.js';
import { SlotCache } from './slot-cache.js';

/** The longest range a booking can hold: the longest visit plus the longest buffer. */
const MAX_REACH_MS = (480 + 480) * 60_000;

/**
 * What follows every committed change to a doctor's schedule, before the response goes out:
 * the slot cache moves to a new generation, the directory's next free slot is recomputed,
 * and when that moved, the doctors directory cache too.
 */
@Injectable()
export class ScheduleChanges implements OnModuleInit {
  constructor(
    private readonly cache: SlotCache,
    private readonly nextAvailable: NextAvailableService,
    private readonly directory: DirectoryCache,
    private readonly events: DoctorEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A zone set through PATCH /doctors/me (the doctors feature) moves the schedule like PUT availability does. */
  onModuleInit(): void {
    this.events.onTimezoneChanged((doctorId) => this.zoneChanged(doctorId));
  }

  async changed(doctorId: string): Promise<void> {
    await this.cache.bump(doctorId);
    if (await this.nextAvailable.refresh(doctorId)) await this.directory.invalidate();
  }

  /**
   * The doctor's time zone changed: every cached slot list was computed in the old one, and
   * the profile and cards show the zone, so the directory forgets the doctor even when the
   * next free slot happens to stay the same instant.
   */
  async zoneChanged(doctorId: string): Promise<void> {
    await this.cache.bump(doctorId);
    await this.nextAvailable.refresh(doctorId);
    await this.directory.invalidate();
  }

  /**
   * A booking holds `range`. It cannot move the doctor's next opening unless it overlaps the
   * opening's own range, which is at most MAX_REACH long; then recompute. Most bookings are not
   * of the very first free slot, so this saves the look-ahead queries on the booking path.
   */
  async booked(doctor: { id: string; nextAvailableAt: Date | null }, range: { start: Date; end: Date }): Promise<void> {
    const next = doctor.nextAvailableAt?.getTime();
    const current = next !== undefined && next >= this.clock.now().getTime();
    if (current && (next >= range.end.getTime() || next + MAX_REACH_MS <= range.start.getTime())) {
      await this.cache.bump(doctor.id);
      return;
    }
    await this.changed(doctor.id);
  }

  /** A rating changed: cards and profiles show it. */
  async ratingChanged(): Promise<void> {
    await this.directory.invalidate();
  }
}
