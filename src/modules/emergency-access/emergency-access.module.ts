import { Module } from '@nestjs/common';
import { BreakGlassController } from './break-glass.controller.js';
import { BreakGlassNotices } from './break-glass-notices.service.js';
import { BreakGlassRepository } from './break-glass.repository.js';
import { BreakGlassService } from './break-glass.service.js';

/** Emergency access ("break glass") to a patient's records, with its review. */
@Module({ controllers: [BreakGlassController], providers: [BreakGlassRepository, BreakGlassService, BreakGlassNotices] })
export class EmergencyAccessModule {}
