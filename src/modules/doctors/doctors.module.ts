import { Module } from '@nestjs/common';
import { InsuranceModule } from '../insurance/insurance.module.js';
import { AdminDoctorsController } from './admin-doctors.controller.js';
import { DirectoryCache } from './directory.cache.js';
import { DirectoryService } from './directory.service.js';
import { DoctorListeners } from './doctor.listeners.js';
import { DoctorScheduleService } from './doctor-schedule.service.js';
import { DoctorSearchRepository } from './doctor-search.repository.js';
import { DoctorSyncRepository } from './doctor-sync.repository.js';
import { DoctorsController } from './doctors.controller.js';
import { DoctorsRepository } from './doctors.repository.js';
import { DoctorsService } from './doctors.service.js';
import { OwnDoctorProfile } from './own-doctor-profile.service.js';
import { SpecialtyCatalogue } from './specialty-catalogue.service.js';
import { VerificationService } from './verification.service.js';
import { PhotosController } from './photos/photos.controller.js';
import { AdminDocumentsController, MyDocumentsController } from './documents/documents.controller.js';
import { DocumentsRepository } from './documents/documents.repository.js';
import { DocumentsService } from './documents/documents.service.js';
import { PhotosRepository } from './photos/photos.repository.js';
import { PhotosService } from './photos/photos.service.js';

/**
 * Doctor profiles, verification and the public directory; the only writer of the doctors
 * tables. Other modules reach it through DoctorScheduleService (time zone, next opening) and
 * through events (DoctorListeners); it tells them of profile and zone changes by events.
 */
@Module({
  imports: [InsuranceModule],
  controllers: [DoctorsController, AdminDoctorsController, PhotosController, MyDocumentsController, AdminDocumentsController],
  providers: [
    DirectoryCache,
    DirectoryService,
    DoctorListeners,
    DoctorScheduleService,
    DoctorSearchRepository,
    DoctorSyncRepository,
    DoctorsRepository,
    DoctorsService,
    OwnDoctorProfile,
    SpecialtyCatalogue,
    VerificationService,
    PhotosRepository,
    PhotosService,
    DocumentsRepository,
    DocumentsService,
  ],
  exports: [DoctorScheduleService, DoctorsService, DirectoryService],
})
export class DoctorsModule {}
