import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logger.js';
import { AppointmentTypesRepository } from './appointment-types.repository.js';
import { AvailabilityRepository } from './availability.repository.js';
import { CLOCK, type Clock } from './clock.js';
import { DoctorLookupRepository } from './doctor-lookup.repository.js';
import { SlotsService } from './slots.service.js';
import { nextAvailableSlot } from './slots/index.js';

/** The doctor's first bookable slot (for the shortest active type): the directory's `nextAvailableAt`. */
@Injectable()
export class NextAvailableService {
  constructor(
    private readonly doctors: DoctorLookupRepository,
    private readonly types: AppointmentTypesRepository,
    private readonly availability: AvailabilityRepository,
    private readonly slots: SlotsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async compute(doctorId: string): Promise<Date | null> {
    const doctor = await this.doctors.byId(doctorId);
    const type = await this.types.shortestActive(doctorId);
    if (!doctor || !type) return null;
    const settings = await this.availability.find(doctorId);
    if (settings.weekly.length === 0) return null;
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + (settings.maxAdvanceDays + 1) * 86_400_000);
    const schedule = await this.slots.schedule(doctor, settings, type, { start: now, end: horizon }, now);
    return nextAvailableSlot(schedule)?.start ?? null;
  }

  /**
   * Recomputes and stores it; true when the stored value changed. A failure here must not
   * fail the change that triggered it.
   */
  async refresh(doctorId: string): Promise<boolean> {
    try {
      const next = await this.compute(doctorId);
      return await this.doctors.setNextAvailableAt(doctorId, next);
    } catch (error) {
      this.logger.warn({ doctorId, err: { message: (error as Error).message } }, 'next available slot not refreshed');
      return false;
    }
  }
}
