import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../common/clock/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { sharedDetails } from '../../common/errors/catalog.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { AccessLogService } from '../audit/access-log.service.js';
import { ConsentsService } from '../consents/consents.service.js';
import type { AccessLogEntryDto } from '../audit/dto/access-log.outputs.js';
import { AppointmentsService } from '../scheduling/appointments/appointments.service.js';
import type { AppointmentDto } from '../scheduling/appointments/dto/appointment.outputs.js';
import { AccountExportRepository } from './account-export.repository.js';
import type { AccountExportQuery } from './dto/account-export.inputs.js';
import { toAccountExportDto, type AccountExportDto } from './dto/account-export.outputs.js';
import { toExportBundle, type CollectionBundle } from './fhir-export.mapping.js';

const PAGE = 100;

/**
 * GET /api/v1/me/export: everything held about the caller. The appointments come through the
 * scheduling module's AppointmentsService and the access log through AccessLogService, so they
 * are read (and audited) exactly as the caller's own reads of them are; the export itself is
 * audited too (`account.export`), since reading one's own health data is an access.
 */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly repository: AccountExportRepository,
    private readonly appointments: AppointmentsService,
    private readonly accessLog: AccessLogService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly consents: ConsentsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export(principal: Principal, query: AccountExportQuery, client: ClientContext): Promise<AccountExportDto | CollectionBundle> {
    const records = await this.repository.records(principal.userId);
    if (!records) throw new AppError('UNAUTHENTICATED', { detail: sharedDetails.accountGone });
    const read = { appointments: await this.ownAppointments(principal, client), accessLog: await this.ownAccessLog(principal, client), consents: (await this.consents.list(principal)).history };
    const data = toAccountExportDto(records, read, this.clock.now());
    const details = { format: query.format, appointments: data.appointments.length };
    await this.audit.recordBy(principal, client, { action: 'account.export', outcome: 'success', resource: { type: 'user', id: principal.userId }, details });
    return query.format === 'fhir' ? toExportBundle(data) : data;
  }

  /** The caller's appointments as patient (narrowed to them whatever their role lets them list), every page. */
  private async ownAppointments(principal: Principal, client: ClientContext): Promise<AppointmentDto[]> {
    const all: AppointmentDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.appointments.list(principal, { limit: PAGE, cursor }, client, { patientId: principal.userId });
      all.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** Patients' accounting of disclosures; others have none. */
  private async ownAccessLog(principal: Principal, client: ClientContext): Promise<AccessLogEntryDto[]> {
    if (!this.access.holds(principal, Permission.AccessLogReadOwn)) return [];
    const all: AccessLogEntryDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.accessLog.list(principal, { limit: PAGE, cursor }, client);
      all.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }
}
