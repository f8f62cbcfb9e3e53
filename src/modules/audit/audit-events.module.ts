import { Module } from '@nestjs/common';
import { AccessLogController } from './access-log.controller.js';
import { AccessLogRepository } from './access-log.repository.js';
import { AccessLogService } from './access-log.service.js';
import { AuditEventsController } from './audit-events.controller.js';
import { AuditEventsRepository } from './audit-events.repository.js';
import { AuditEventsService } from './audit-events.service.js';
import { AuditedTrailPages } from './audited-trail-pages.service.js';

@Module({ controllers: [AuditEventsController, AccessLogController], providers: [AuditedTrailPages, AuditEventsRepository, AuditEventsService, AccessLogRepository, AccessLogService], exports: [AccessLogService] })
export class AuditEventsModule {}
