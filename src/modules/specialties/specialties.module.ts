import { Module } from '@nestjs/common';
import { SpecialtiesController } from './specialties.controller.js';
import { SpecialtiesRepository } from './specialties.repository.js';
import { SpecialtiesService } from './specialties.service.js';

@Module({ controllers: [SpecialtiesController], providers: [SpecialtiesRepository, SpecialtiesService], exports: [SpecialtiesService] })
export class SpecialtiesModule {}
