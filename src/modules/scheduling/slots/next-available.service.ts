import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { errorSummary, LOGGER } from '../../../common/logging/logger.js';
import { DoctorScheduleService, type NextOpening } from '../../doctors/doctor-schedule.service.js';
import { AppointmentTypesRepository } from '../appointment-types/appointment-types.repository.js';
import { AvailabilityRepository } from '../availability/availability.repository.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { DoctorLookupRepository } from '../doctor-lookup.repository.js';
import { SlotsService } from './slots.service.js';
import { nextAvailableSlot } from './engine/index.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const LOOKAHEAD_DAYS = [7, 31, 92, 366, 731];

/** The doctor's first bookable slot (for the shortest active type): the directory's `nextAvailableAt`. */
@Injectable()
export class NextAvailableService {
  constructor(
    private readonly doctors: DoctorLookupRepository,
    private readonly store: DoctorScheduleService,
    private readonly types: AppointmentTypesRepository,
    private readonly availability: AvailabilityRepository,
    private readonly slots: SlotsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Looks a week ahead first, then further: a busy doctor's whole advance window can hold
   * thousands of bookings, and the first opening is usually close. A slot found in a window
   * counts only if its whole range lies inside what was loaded.
   */
  async compute(doctorId: string): Promise<Date | null> {
    const doctor = await this.doctors.byId(doctorId);
    const type = await this.types.shortestActive(doctorId);
    if (!doctor || !type) return null;
    const settings = await this.availability.find(doctorId);
    if (settings.weekly.length === 0) return null;
    const now = this.clock.now();
    const reachMs = (type.durationMinutes + type.bufferMinutes) * MS_PER_MINUTE;
    for (const days of LOOKAHEAD_DAYS) {
      const until = now.getTime() + Math.min(days, settings.maxAdvanceDays + 1) * MS_PER_DAY;
      const schedule = await this.slots.schedule(doctor, settings, type, { start: now, end: new Date(until) }, now);
      const slot = nextAvailableSlot(schedule);
      if (slot && slot.start.getTime() + reachMs <= until) return slot.start;
      if (days > settings.maxAdvanceDays) return null;
    }
    return null;
  }

  /**
   * Recomputes and stores the next opening of each doctor (the doctors module keeps it on the
   * doctor row); returns how many moved. A failure here must not fail the change that
   * triggered it: a doctor whose opening cannot be computed keeps the stored one.
   */
  async refresh(doctorIds: readonly string[]): Promise<number> {
    const openings: NextOpening[] = [];
    for (const doctorId of doctorIds) {
      try {
        openings.push({ doctorId, at: await this.compute(doctorId) });
      } catch (error) {
        this.logger.warn({ doctorId, err: errorSummary(error) }, 'next available slot not refreshed');
      }
    }
    try {
      return await this.store.storeNextAvailable(openings);
    } catch (error) {
      this.logger.warn({ doctors: openings.length, err: errorSummary(error) }, 'next available slot not stored');
      return 0;
    }
  }
}
