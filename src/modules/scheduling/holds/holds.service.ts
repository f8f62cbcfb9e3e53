import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { AppError, notFound, slotNotOffered } from '../../../common/errors/app-error.js';
import { mapDatabaseError } from '../../../common/errors/database-errors.js';
import type { AppConfig } from '../../../config/config.js';
import { Transactions, type Executor } from '../../../db/transactions.js';
import { SlotPlanner } from '../appointments/slot-planner.service.js';
import { ScheduleChanges } from '../schedule-changes.service.js';
import { Metrics } from '../../../common/metrics/metrics.js';
import { WaitlistRepository } from '../waitlist/waitlist.repository.js';
import type { CreateHoldInput } from './dto/hold.inputs.js';
import { toHoldDto, type HoldDto } from './dto/hold.outputs.js';
import { HoldsRepository, type ConsumedHold } from './holds.repository.js';

/** The slot a booking asks for, to compare with the hold it names. */
export interface RequestedSlot {
  doctorId: string;
  appointmentTypeId: string;
  start: Date;
}

/**
 * Holds: a patient's claim on one offered slot for HOLD_MINUTES. Whether the slot is free is
 * decided by the insert (the exclusion constraint between holds, the trigger against bookings,
 * migration 0025), never by a check before it; expiry needs no sweeper.
 */
@Injectable()
export class HoldsService {
  private readonly minutes: number;

  constructor(
    private readonly planner: SlotPlanner,
    private readonly holds: HoldsRepository,
    private readonly transactions: Transactions,
    private readonly schedule: ScheduleChanges,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly waitlist: WaitlistRepository,
    private readonly metrics: Metrics,
  ) {
    this.minutes = config.scheduling.holdMinutes;
  }

  /** 201 with the hold; 422 when the start is not an offered slot, 409 SLOT_TAKEN when it is held or booked. Replaces the caller's live hold. */
  async hold(principal: Principal, input: CreateHoldInput): Promise<HoldDto> {
    const { doctor, type, slot } = await this.planner.forBooking(input.doctorId, input.appointmentTypeId, input.start);
    if (!slot) throw slotNotOffered();
    let row;
    try {
      row = await this.transactions.run((tx) =>
        this.holds.replaceOwn(tx, { doctorId: doctor.id, patientId: principal.userId, appointmentTypeId: type.id, ...slot }, this.minutes),
      );
    } catch (error) {
      throw mapDatabaseError(error) ?? error;
    }
    await this.schedule.changed(doctor.id);
    return toHoldDto(row);
  }

  /** Ends the caller's hold; 404 when they have none by that id. */
  async release(principal: Principal, id: string): Promise<void> {
    const doctorId = await this.holds.release(id, principal.userId);
    if (!doctorId) throw notFound('hold');
    await this.schedule.changed(doctorId);
  }

  /**
   * Inside the booking's transaction: ends the caller's hold `holdId` as booked. 404 when the
   * caller has no open hold by that id, 422 HOLD_MISMATCH when it holds another slot. The hold
   * stays locked until the booking commits or rolls back, and until then it keeps blocking
   * everyone else: there is no moment when a third party can take the slot.
   */
  async consume(tx: Executor, principal: Principal, holdId: string, requested: RequestedSlot): Promise<ConsumedHold> {
    const hold = await this.holds.consume(tx, holdId, principal.userId);
    if (!hold) throw notFound('hold');
    if (hold.doctorId !== requested.doctorId || hold.appointmentTypeId !== requested.appointmentTypeId || hold.startAt.getTime() !== requested.start.getTime()) {
      throw new AppError('HOLD_MISMATCH', { detail: 'The hold is for another doctor, appointment type or start; book that slot, or hold this one.' });
    }
    if (hold.waitlistEntryId) {
      // An accepted waitlist offer: the entry is done, in the booking's transaction.
      await this.waitlist.fulfil(tx, hold.waitlistEntryId);
      this.metrics.waitlistOffers.inc({ outcome: 'accepted' });
    }
    return hold;
  }
}
