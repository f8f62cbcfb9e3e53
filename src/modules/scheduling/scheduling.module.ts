import { Module } from '@nestjs/common';
import { DoctorsModule } from '../doctors/doctors.module.js';
import { AppointmentAudit } from './appointments/appointment-audit.service.js';
import { AppointmentChanges } from './appointments/appointment-changes.service.js';
import { AppointmentTypesController } from './appointment-types/appointment-types.controller.js';
import { AppointmentTypesRepository } from './appointment-types/appointment-types.repository.js';
import { AppointmentTypesService } from './appointment-types/appointment-types.service.js';
import { AppointmentsController } from './appointments/appointments.controller.js';
import { AppointmentsRepository } from './appointments/appointments.repository.js';
import { BookingCapRepository } from './appointments/booking-cap.repository.js';
import { BookingCap } from './appointments/booking-cap.service.js';
import { AppointmentsService } from './appointments/appointments.service.js';
import { AvailabilityController } from './availability/availability.controller.js';
import { AvailabilityRepository } from './availability/availability.repository.js';
import { AvailabilityService } from './availability/availability.service.js';
import { TimeOffController } from './availability/time-off.controller.js';
import { TimeOffService } from './availability/time-off.service.js';
import { SlotsController } from './slots/slots.controller.js';
import { BookingService } from './appointments/booking.service.js';
import { DoctorContext } from './doctor-context.service.js';
import { DoctorLookupRepository } from './doctor-lookup.repository.js';
import { IdempotencyRepository } from './appointments/idempotency.repository.js';
import { NextAvailableRefresher } from './slots/next-available-refresher.worker.js';
import { NextAvailableService } from './slots/next-available.service.js';
import { NotificationPreferencesController } from './notifications/preferences/notification-preferences.controller.js';
import { NotificationPreferencesRepository } from './notifications/preferences/notification-preferences.repository.js';
import { NotificationPreferencesService } from './notifications/preferences/notification-preferences.service.js';
import { AdminNotificationsController } from './notifications/admin/admin-notifications.controller.js';
import { AdminNotificationsService } from './notifications/admin/admin-notifications.service.js';
import { CalendarController } from './notifications/calendar/calendar.controller.js';
import { CalendarFeedService } from './notifications/calendar/calendar-feed.service.js';
import { CalendarTokensRepository } from './notifications/calendar/calendar-tokens.repository.js';
import { NOTIFICATION_CHANNELS } from './notifications/channels/notification-channel.port.js';
import { NotificationContactsRepository } from './notifications/notification-contacts.repository.js';
import { NotificationDispatcher } from './notifications/notification-dispatcher.service.js';
import { ReminderSchedule } from './notifications/reminder-schedule.service.js';
import { OutboxRepository } from './notifications/outbox.repository.js';
import { OutboxWorker } from './notifications/outbox.worker.js';
import { RescheduleService } from './appointments/reschedule.service.js';
import { ScheduleChanges } from './schedule-changes.service.js';
import { ScheduleContextRepository } from './slots/schedule-context.repository.js';
import { SchedulingTasks } from './scheduling.tasks.js';
import { SlotCache } from './slots/slot.cache.js';
import { SlotPlanner } from './appointments/slot-planner.service.js';
import { SlotsService } from './slots/slots.service.js';
import { TimeOffRepository } from './availability/time-off.repository.js';

/**
 * Availability and time off, appointment types, slots (the pure engine in slots/engine) and the
 * next opening, bookings and their lifecycle, and the notifications they send through the outbox.
 */
@Module({
  imports: [DoctorsModule],
  controllers: [AvailabilityController, TimeOffController, AppointmentTypesController, SlotsController, AppointmentsController, NotificationPreferencesController, CalendarController, AdminNotificationsController],
  providers: [
    DoctorLookupRepository,
    AvailabilityRepository,
    TimeOffRepository,
    AppointmentTypesRepository,
    AppointmentsRepository,
    BookingCapRepository,
    IdempotencyRepository,
    OutboxRepository,
    ScheduleContextRepository,
    DoctorContext,
    SlotCache,
    SlotsService,
    NextAvailableService,
    ScheduleChanges,
    AvailabilityService,
    TimeOffService,
    AppointmentTypesService,
    AppointmentAudit,
    AppointmentChanges,
    SlotPlanner,
    BookingCap,
    AppointmentsService,
    BookingService,
    RescheduleService,
    OutboxWorker,
    NextAvailableRefresher,
    SchedulingTasks,
    NotificationPreferencesRepository,
    NotificationPreferencesService,
    NotificationContactsRepository,
    NotificationDispatcher,
    ReminderSchedule,
    CalendarTokensRepository,
    CalendarFeedService,
    AdminNotificationsService,
    // The channels besides e-mail (push, SMS) register here; none given, they are off.
    { provide: NOTIFICATION_CHANNELS, useValue: [] },
  ],
  exports: [NextAvailableService, SlotsService, AppointmentsService, AppointmentAudit],
})
export class SchedulingModule {}
