import { AccountErasureListeners } from './erasure/account-erasure.listeners.js';
import { RetentionTasks } from './erasure/retention.tasks.js';
import { AccountErasureRepository } from './erasure/account-erasure.repository.js';
import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
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
import { NotificationContactsRepository } from './notifications/notification-contacts.repository.js';
import { NotificationPlanner } from './notifications/notification-planner.service.js';
import { ReminderSchedule } from './notifications/reminder-schedule.service.js';
import { OutboxRepository } from './notifications/outbox.repository.js';
import { BookingPrelude } from './appointments/booking-prelude.service.js';
import { BusyTime } from './slots/busy-time.service.js';
import { OutboxWorker } from './notifications/outbox.worker.js';
import { RescheduleService } from './appointments/reschedule.service.js';
import { ScheduleChanges } from './schedule-changes.service.js';
import { ScheduleActivityRepository } from './slots/schedule-activity.repository.js';
import { ScheduleActivity } from './slots/schedule-activity.service.js';
import { ScheduleContextRepository } from './slots/schedule-context.repository.js';
import { VideoRooms } from './appointments/video-rooms.service.js';
import { PatientHistoryRepository } from './appointments/patient-history.repository.js';
import { BookingSuspensionsRepository } from './suspensions/booking-suspensions.repository.js';
import { BookingSuspensions } from './suspensions/booking-suspensions.service.js';
import { SeriesController } from './appointments/series.controller.js';
import { SeriesService } from './appointments/series.service.js';
import { BookingSuspensionsController } from './suspensions/booking-suspensions.controller.js';
import { SchedulingTasks } from './scheduling.tasks.js';
import { SlotCache } from './slots/slot.cache.js';
import { SlotPlanner } from './appointments/slot-planner.service.js';
import { SlotsService } from './slots/slots.service.js';
import { TimeOffRepository } from './availability/time-off.repository.js';
import { HoldsController } from './holds/holds.controller.js';
import { HoldsRepository } from './holds/holds.repository.js';
import { HoldsService } from './holds/holds.service.js';
import { WaitlistController } from './waitlist/waitlist.controller.js';
import { WaitlistListeners } from './waitlist/waitlist.listeners.js';
import { WaitlistMatcher } from './waitlist/waitlist-matcher.service.js';
import { WaitlistOffers } from './waitlist/waitlist-offers.service.js';
import { WaitlistOfferAnnouncer } from './waitlist/waitlist-offer-announcer.service.js';
import { WaitlistRepository } from './waitlist/waitlist.repository.js';
import { WaitlistService } from './waitlist/waitlist.service.js';
import { WaitlistTasks } from './waitlist/waitlist.tasks.js';

/**
 * Availability and time off, appointment types, slots (the pure engine in slots/engine) and the
 * next opening, bookings and their lifecycle, and the notifications they send through the outbox.
 */
@Module({
  imports: [DoctorsModule, NotificationsModule],
  controllers: [AvailabilityController, TimeOffController, AppointmentTypesController, SlotsController, HoldsController, AppointmentsController, SeriesController, BookingSuspensionsController, WaitlistController, NotificationPreferencesController, CalendarController, AdminNotificationsController],
  providers: [
    AccountErasureRepository,
    AccountErasureListeners,
    DoctorLookupRepository,
    AvailabilityRepository,
    TimeOffRepository,
    AppointmentTypesRepository,
    AppointmentsRepository,
    BookingCapRepository,
    IdempotencyRepository,
    OutboxRepository,
    ScheduleContextRepository,
    ScheduleActivityRepository,
    ScheduleActivity,
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
    RetentionTasks,
    // Issue 13: video links, patient history (audience, no-shows), suspensions, series.
    VideoRooms,
    PatientHistoryRepository,
    BookingSuspensionsRepository,
    BookingSuspensions,
    SeriesService,
    // Holds and the waitlist (issue 13).
    HoldsRepository,
    BusyTime,
    BookingPrelude,
    HoldsService,
    WaitlistRepository,
    WaitlistMatcher,
    WaitlistOffers,
    WaitlistOfferAnnouncer,
    WaitlistService,
    WaitlistListeners,
    WaitlistTasks,
    // Issue 14: preferences and quiet hours choose the channels (NotificationPlanner); the
    // NotificationsModule's NotificationDispatcher carries them.
    NotificationPreferencesRepository,
    NotificationPreferencesService,
    NotificationContactsRepository,
    NotificationPlanner,
    ReminderSchedule,
    CalendarTokensRepository,
    CalendarFeedService,
    AdminNotificationsService,
  ],
  exports: [NextAvailableService, SlotsService, ScheduleActivity, AppointmentsService, AppointmentAudit, AppointmentTypesService],
})
export class SchedulingModule {}
