import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus.service.js';
import { DirectoryCache } from './directory.cache.js';
import { DoctorSyncRepository } from './doctor-sync.repository.js';

/**
 * How the doctors module follows the others' changes: it makes a doctor's row when the account
 * signs up, keeps the rating in step with the reviews, and makes the directory (profiles and
 * cards) forget whatever they show that changed.
 */
@Injectable()
export class DoctorListeners implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly doctors: DoctorSyncRepository,
    private readonly directory: DirectoryCache,
  ) {}

  onModuleInit(): void {
    this.events.on('user.registered', async ({ tx, userId, role }) => {
      if (role === 'doctor') await this.doctors.insertPending(tx, userId);
    });
    // A deleted doctor's profile leaves the directory (404), and the directory forgets it.
    this.events.on('account.deleting', async ({ tx, userId, role }) => {
      switch (role) {
        case 'doctor':
          await this.doctors.hideDeleted(tx, userId);
      }
    });
    this.events.on('account.deleted', () => this.directory.invalidate());
    this.events.on('review.created', ({ tx, doctorId }) => this.doctors.refreshRating(tx, doctorId));

    // The name is on every card and profile.
    this.events.on('user.profileChanged', async ({ role, fields }) => {
      if (role === 'doctor' && fields.includes('fullName')) await this.directory.invalidate();
    });
    // A changed licence or qualifications may have made the profile pending: the directory forgets it at once.
    this.events.on('doctor.profileChanged', () => this.directory.invalidate());
    this.events.on('doctor.ratingChanged', () => this.directory.invalidate());
    // Cards and profiles show each accepted plan's names; a removed plan is gone from them (cascade).
    this.events.on('insurancePlans.changed', () => this.directory.invalidate());
    // Profiles and cards show the zone. A change of hours alone reaches the directory only if
    // it moves the next opening (DoctorScheduleService.storeNextAvailable).
    this.events.on('doctor.scheduleChanged', async ({ zoneChanged }) => {
      if (zoneChanged) await this.directory.invalidate();
    });
  }
}
