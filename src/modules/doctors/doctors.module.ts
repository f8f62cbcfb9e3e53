import { Module } from '@nestjs/common';
import { AdminDoctorsController } from './admin-doctors.controller.js';
import { DirectoryCache } from './directory-cache.js';
import { DirectoryService } from './directory.service.js';
import { DoctorEvents } from './doctor-events.js';
import { DoctorSearchRepository } from './doctor-search.repository.js';
import { DoctorsController } from './doctors.controller.js';
import { DoctorsRepository } from './doctors.repository.js';
import { DoctorsService } from './doctors.service.js';
import { ReviewsRepository } from './reviews.repository.js';
import { SpecialtyCatalogue } from './specialty-catalogue.js';
import { VerificationService } from './verification.service.js';

/**
 * Doctor profiles, verification and the public directory. Exports DirectoryCache so other
 * features that change what a profile shows (ratings, next availability) can invalidate it,
 * and DoctorEvents so they can react to profile changes (a new time zone).
 */
@Module({
  controllers: [DoctorsController, AdminDoctorsController],
  providers: [
    DirectoryCache,
    DirectoryService,
    DoctorEvents,
    DoctorSearchRepository,
    DoctorsRepository,
    DoctorsService,
    ReviewsRepository,
    SpecialtyCatalogue,
    VerificationService,
  ],
  exports: [DirectoryCache, DoctorEvents],
})
export class DoctorsModule {}
