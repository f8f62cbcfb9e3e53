import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { EventBus } from '../../../common/events/event-bus.service.js';
import { errorSummary, LOGGER } from '../../../common/logging/logger.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';
import type { InstantRange } from '../slots/engine/index.js';
import { WaitlistOffers } from './waitlist-offers.service.js';

/**
 * Offers what a committed change freed: a cancelled visit's time, the time a moved visit left,
 * and, after the doctor's hours or time off changed, whatever is free. A failure here must not
 * fail the change (it has committed): it is logged, and the next change or expiry tries again.
 */
@Injectable()
export class WaitlistListeners implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly offers: WaitlistOffers,
    private readonly appointments: AppointmentsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.events.on('appointment.cancelled', ({ appointmentId, doctorId }) => this.freed(doctorId, appointmentId));
    this.events.on('appointment.rescheduled', ({ appointmentId, doctorId, from }) => this.freed(doctorId, appointmentId, from));
    this.events.on('doctor.scheduleChanged', ({ doctorId }) => this.safely(doctorId, () => this.offers.offerFreed(doctorId)));
  }

  /** The appointment's range on the doctor's calendar, at `from` when it moved away from there. */
  private freed(doctorId: string, appointmentId: string, from?: Date): Promise<void> {
    return this.safely(doctorId, async () => {
      const view = await this.appointments.findView(appointmentId);
      if (!view) return 0;
      const start = from ?? view.startAt;
      const range: InstantRange = { start, end: new Date(start.getTime() + (view.busyUntil.getTime() - view.startAt.getTime())) };
      return this.offers.offerFreed(doctorId, range);
    });
  }

  private async safely(doctorId: string, work: () => Promise<number>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ doctorId, err: errorSummary(error) }, 'waitlist offers not made');
    }
  }
}
