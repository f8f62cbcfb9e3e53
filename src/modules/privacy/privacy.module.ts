import { Module } from '@nestjs/common';
import { AuditEventsModule } from '../audit/audit-events.module.js';
import { ConsentsModule } from '../consents/consents.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { AccountExportController } from './account-export.controller.js';
import { AccountExportRepository } from './account-export.repository.js';
import { AccountExportService } from './account-export.service.js';

/**
 * Patients' rights (issue 18): the export of everything held about the caller. It writes no
 * table; deleting an account (DELETE /api/v1/me) is the auth module's, with every owner erasing
 * its own rows on `account.deleting`.
 */
@Module({
  imports: [SchedulingModule, AuditEventsModule, ConsentsModule],
  controllers: [AccountExportController],
  providers: [AccountExportRepository, AccountExportService],
})
export class PrivacyModule {}
