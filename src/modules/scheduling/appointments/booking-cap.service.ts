import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { AppError } from '../../../common/errors/app-error.js';
import type { AppConfig } from '../../../config/config.js';
import type { Executor } from '../../../db/transactions.js';
import { BookingCapRepository } from './booking-cap.repository.js';
import { BookingSuspensions } from '../suspensions/booking-suspensions.service.js';

/** The most future confirmed appointments one patient may hold (MAX_FUTURE_APPOINTMENTS), against slot hoarding. */
@Injectable()
export class BookingCap {
  constructor(
    private readonly repository: BookingCapRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly suspensions: BookingSuspensions,
  ) {}

  /**
   * Inside the booking's transaction `tx`, before its insert: locks the patient's bookings until
   * the transaction ends and refuses one more past the cap (TOO_MANY_APPOINTMENTS), or `adding`
   * more for a series: each occurrence counts. A suspended patient books nothing (BOOKING_SUSPENDED).
   */
  async enforce(tx: Executor, patientId: string, adding = 1): Promise<void> {
    const max = this.config.scheduling.maxFutureAppointments;
    const held = await this.repository.lockAndCountFuture(tx, patientId, this.clock.now());
    await this.suspensions.enforce(tx, patientId);
    if (held + adding > max) {
      throw new AppError('TOO_MANY_APPOINTMENTS', {
        detail: `You already hold ${max} upcoming appointments, the most one patient may hold; cancel one to book another.`,
      });
    }
  }
}
