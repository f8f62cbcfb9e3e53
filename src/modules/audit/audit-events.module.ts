import { Module } from '@nestjs/common';
import { CursorCodec } from '../../common/pagination/cursor-codec.js';
import { AuditEventsController } from './audit-events.controller.js';
import { AuditEventsRepository } from './audit-events.repository.js';
import { AuditEventsService } from './audit-events.service.js';

@Module({ controllers: [AuditEventsController], providers: [AuditEventsRepository, AuditEventsService, CursorCodec] })
export class AuditEventsModule {}
