import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus.service.js';
import { CLOCK, type Clock } from '../../common/clock/clock.js';
import { NextAvailableService } from './slots/next-available.service.js';
import { SlotCache } from './slots/slot.cache.js';

/** The longest range a booking can hold: the longest visit plus the longest buffer. */
const MAX_REACH_MS = (480 + 480) * 60_000;

/**
 * What follows every committed change to a doctor's schedule (the doctor's own, by
 * `doctor.scheduleChanged`, and every appointment change, by `appointment.*`), before the
 * response goes out:
 * the slot cache moves to a new generation and the directory's next free slot is recomputed
 * (stored by the doctors module, whose directory forgets it when it moved).
 */
@Injectable()
export class ScheduleChanges implements OnModuleInit {
  constructor(
    private readonly cache: SlotCache,
    private readonly nextAvailable: NextAvailableService,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Hours, settings, time off (availability) and the zone (availability or the doctor's
   * profile) all arrive as `doctor.scheduleChanged`. Every cached slot list of a new zone was
   * computed in the old one; the doctors module makes the directory forget the zone itself.
   */
  onModuleInit(): void {
    this.events.on('doctor.scheduleChanged', ({ doctorId }) => this.changed(doctorId));
    this.events.on('appointment.booked', ({ doctorId, doctorNextAvailableAt, holds }) => this.booked({ id: doctorId, nextAvailableAt: doctorNextAvailableAt }, holds));
    // A cancellation frees time and a move frees one range and takes another; a closed visit
    // leaves the calendar as it was, but the slot list shows no closed visit's time either way.
    for (const event of ['appointment.rescheduled', 'appointment.cancelled', 'appointment.completed', 'appointment.noShow'] as const) {
      this.events.on(event, ({ doctorId }) => this.changed(doctorId));
    }
  }

  async changed(doctorId: string): Promise<void> {
    await this.cache.bump(doctorId);
    await this.nextAvailable.refresh([doctorId]);
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
}
