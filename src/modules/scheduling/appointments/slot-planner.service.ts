import { Injectable } from '@nestjs/common';
import { notFound } from '../../../common/errors/app-error.js';
import { AppointmentTypesRepository, type AppointmentTypeRow } from '../appointment-types/appointment-types.repository.js';
import { AvailabilityRepository } from '../availability/availability.repository.js';
import { DoctorLookupRepository } from '../doctor-lookup.repository.js';
import { occupiedRange, type Slot } from '../slots/engine/index.js';
import type { ScheduleContext } from '../slots/schedule-context.repository.js';
import { SlotsService } from '../slots/slots.service.js';
import type { AppointmentView } from './appointments.repository.js';
import { ReadRouting } from '../../../db/read-routing.js';

/** Where an appointment sits: its start and end, and how long it holds the doctor's calendar (its buffer included). */
export interface PlannedSlot {
  startAt: Date;
  endAt: Date;
  busyUntil: Date;
}

/** A planned slot taken by a patient for one of the doctor's types: what a hold and an appointment both write. */
export interface TakenSlot extends PlannedSlot {
  doctorId: string;
  patientId: string;
  appointmentTypeId: string;
}

export interface BookingPlan {
  doctor: ScheduleContext['doctor'];
  type: AppointmentTypeRow;
  /** Null when the doctor's schedule does not offer the requested start (422). */
  slot: PlannedSlot | null;
}

/**
 * The slot a booking or a move asks for: the one the doctor's hours, time off, notice and window
 * offer at the requested start, regardless of other bookings. Whether it is still free is for
 * the write to find out against the exclusion constraints (409), never a check before it.
 */
@Injectable()
export class SlotPlanner {
  constructor(
    private readonly slots: SlotsService,
    private readonly doctors: DoctorLookupRepository,
    private readonly types: AppointmentTypesRepository,
    private readonly availability: AvailabilityRepository,
    private readonly reads: ReadRouting,
  ) {}

  /**
   * A new booking: a public doctor and an active type of theirs (404 otherwise), loaded in one
   * query; with `patientId`, a type meant for the other kind of patient is 422.
   */
  async forBooking(doctorId: string, typeId: string, start: Date, patientId?: string): Promise<BookingPlan> {
    const { context, slot } = await this.slots.bookable(doctorId, typeId, start);
    if (patientId) await this.slots.requireAudience(this.reads.primary, context.type, context.doctor.id, patientId);
    return { doctor: context.doctor, type: context.type, slot: slot && planned(slot, context.type) };
  }

  /**
   * Moving `appointment` to `start`, with its own doctor and type as they are now (neither has
   * to be public or active again: the visit is already booked). The row's own old range does
   * not conflict with the move, so moving by one slot works.
   */
  async forMove(appointment: AppointmentView, start: Date): Promise<PlannedSlot | null> {
    const [doctor, type, settings] = await Promise.all([
      this.doctors.byId(appointment.doctorId),
      this.types.findById(appointment.appointmentTypeId),
      this.availability.find(appointment.doctorId),
    ]);
    if (!doctor || !type) throw notFound('appointment');
    const slot = await this.slots.offeredSlot(doctor, settings, type, start);
    return slot && planned(slot, type);
  }
}

function planned(slot: Slot, type: AppointmentTypeRow): PlannedSlot {
  return { startAt: slot.start, endAt: slot.end, busyUntil: occupiedRange(slot.start, type).end };
}
