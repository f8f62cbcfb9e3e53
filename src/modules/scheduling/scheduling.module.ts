import { Module } from '@nestjs/common';
import { DoctorsModule } from '../doctors/doctors.module.js';
import { AppointmentAudit } from './appointment-audit.js';
import { AppointmentTypesController } from './appointment-types.controller.js';
import { AppointmentTypesRepository } from './appointment-types.repository.js';
import { AppointmentTypesService } from './appointment-types.service.js';
import { AppointmentsController } from './appointments.controller.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { BookingCapRepository } from './booking-cap.repository.js';
import { AppointmentsService } from './appointments.service.js';
import { AvailabilityController } from './availability.controller.js';
import { AvailabilityRepository } from './availability.repository.js';
import { AvailabilityService } from './availability.service.js';
import { BookingService } from './booking.service.js';
import { DoctorContext } from './doctor-context.js';
import { DoctorLookupRepository } from './doctor-lookup.repository.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { NextAvailableRefresher } from './next-available.refresher.js';
import { NextAvailableService } from './next-available.service.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';
import { RescheduleService } from './reschedule.service.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ReviewsService } from './reviews.service.js';
import { ScheduleChanges } from './schedule-changes.js';
import { ScheduleContextRepository } from './schedule-context.repository.js';
import { SchedulingTasks } from './scheduling-tasks.js';
import { SlotCache } from './slot-cache.js';
import { SlotsService } from './slots.service.js';
import { TimeOffRepository } from './time-off.repository.js';

/** Availability, slots, bookings and their lifecycle, reviews, and booking notifications. */
@Module({
  imports: [DoctorsModule],
  controllers: [AvailabilityController, AppointmentTypesController, AppointmentsController],
  providers: [
    DoctorLookupRepository,
    AvailabilityRepository,
    TimeOffRepository,
    AppointmentTypesRepository,
    AppointmentsRepository,
    BookingCapRepository,
    IdempotencyRepository,
    OutboxRepository,
    ReviewsRepository,
    ScheduleContextRepository,
    DoctorContext,
    SlotCache,
    SlotsService,
    NextAvailableService,
    ScheduleChanges,
    AvailabilityService,
    AppointmentTypesService,
    AppointmentAudit,
    AppointmentsService,
    BookingService,
    RescheduleService,
    ReviewsService,
    OutboxWorker,
    NextAvailableRefresher,
    SchedulingTasks,
  ],
  exports: [NextAvailableService, SlotsService],
})
export class SchedulingModule {}
