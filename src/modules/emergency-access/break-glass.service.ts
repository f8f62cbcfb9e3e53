import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors/app-error.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.service.js';
import type { Page, PageQuery } from '../../common/pagination/page-query.js';
import { paginateByInstant } from '../../common/pagination/paginate.js';
import { BreakGlassNotices } from './break-glass-notices.service.js';
import { BreakGlassRepository } from './break-glass.repository.js';
import type { BreakGlassRequestInput } from './dto/break-glass.inputs.js';
import { toBreakGlassGrantDto, toPatientRecordsDto, type BreakGlassGrantDto, type PatientRecordsDto } from './dto/break-glass.outputs.js';

/** How long a grant lasts. */
export const BREAK_GLASS_MINUTES = 30;

/**
 * Emergency access (HIPAA 164.312(a)(2)(ii)): an admin states a reason and gets 30 minutes
 * with one patient's records. The grant and every read under it are audited with the reason
 * (the patient sees them in their access log); the other admins are told at once.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: BreakGlassRepository,
    private readonly notices: BreakGlassNotices,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditService,
  ) {}

  async request(principal: Principal, input: BreakGlassRequestInput, client: ClientContext): Promise<BreakGlassGrantDto> {
    await this.access.requireAccess(principal, Permission.BreakGlassRequest);
    if (!(await this.repository.isPatient(input.patientId))) {
      await this.audit.recordBy(principal, client, { action: 'break_glass.grant', outcome: 'denied', resource: { type: 'patient', id: input.patientId }, details: { code: 'NOT_FOUND' } });
      throw notFound('patient');
    }
    const grant = await this.repository.create({ adminId: principal.userId, patientId: input.patientId, reason: input.reason, minutes: BREAK_GLASS_MINUTES }, (tx, grantId) =>
      this.audit.recordBy(principal, client, { action: 'break_glass.grant', outcome: 'success', resource: { type: 'patient', id: input.patientId }, details: { breakGlassGrantId: grantId, reason: input.reason } }, tx),
    );
    await this.notices.granted(grant);
    return toBreakGlassGrantDto(grant);
  }

  /** The patient's records under a live grant of the caller's; every read is audited with the grant's reason. */
  async records(principal: Principal, grantId: string, client: ClientContext): Promise<PatientRecordsDto> {
    await this.access.requireAccess(principal, Permission.BreakGlassRequest);
    const grant = await this.repository.liveGrant(grantId, principal.userId);
    const records = grant ? await this.repository.patientRecords(grant.patientId) : null;
    if (!grant || !records) {
      await this.audit.recordBy(principal, client, { action: 'patient.records.read', outcome: 'denied', resource: { type: 'break_glass_grant', id: grantId }, details: { code: 'NOT_FOUND' } });
      throw notFound('breakGlassGrant');
    }
    await this.audit.recordBy(principal, client, {
      action: 'patient.records.read',
      outcome: 'success',
      resource: { type: 'patient', id: grant.patientId },
      details: { breakGlassGrantId: grant.id, reason: grant.reason, appointments: records.appointments.length },
    });
    return toPatientRecordsDto(grant, records);
  }

  /** Every grant, newest first, for review; reading the list is audited too. */
  async list(principal: Principal, query: PageQuery, client: ClientContext): Promise<Page<BreakGlassGrantDto>> {
    await this.access.requireAccess(principal, Permission.BreakGlassReview);
    const page = await paginateByInstant(
      this.cursors,
      { scope: 'break-glass-grants', limit: query.limit, cursor: query.cursor },
      (after, take) => this.repository.list(after, take),
      (row) => row.createdAt,
    );
    await this.audit.recordBy(principal, client, { action: 'break_glass.review', outcome: 'success', resource: { type: 'break_glass_grants' }, details: { returned: page.data.length } });
    const now = new Date();
    return { data: page.data.map((row) => toBreakGlassGrantDto(row, now)), nextCursor: page.nextCursor };
  }
}
