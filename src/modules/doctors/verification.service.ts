import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { AppError, notFound } from '../../common/errors/app-error.js';
import { EventBus } from '../../common/events/event-bus.service.js';
import type { Db } from '../../db/database.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.service.js';
import type { Page } from '../../common/pagination/page-query.js';
import { paginate } from '../../common/pagination/paginate.js';
import { DirectoryCache } from './directory.cache.js';
import { DoctorsRepository } from './doctors.repository.js';
import { toDoctorDto, type DoctorDto } from './dto/doctor.outputs.js';
import type { AdminListQuery, VerificationInput } from './dto/doctor.inputs.js';

/** Admins' side of the directory: the queue of doctors by status, and verification decisions. */
@Injectable()
export class VerificationService {
  constructor(
    private readonly access: AccessService,
    private readonly doctors: DoctorsRepository,
    private readonly cache: DirectoryCache,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditService,
    private readonly events: EventBus,
  ) {}

  async list(admin: Principal, query: AdminListQuery): Promise<Page<DoctorDto>> {
    await this.access.requireAccess(admin, Permission.DoctorVerify);
    const status = query.status ?? 'pending';
    const scope = `admin-doctors:${status}`;
    const page = await paginate(
      this.cursors,
      { scope, keyCount: 1, limit: query.limit, cursor: query.cursor },
      (after, take) => this.doctors.listByStatus(status, take, after && { createdAt: String(after.keys[0]), id: after.id }),
      (row) => ({ keys: [row.createdAt], id: row.id }),
    );
    return { data: page.data.map((r) => toDoctorDto(r, { privileged: true })), nextCursor: page.nextCursor };
  }

  /**
   * Records the decision and its audit row in one transaction: neither without the other (else
   * 500). With `licenseNumber` the decision applies only to a profile that still has that number.
   */
  async decide(doctorId: string, input: VerificationInput, admin: Principal, client: ClientContext): Promise<DoctorDto> {
    await this.access.requireAccess(admin, Permission.DoctorVerify);
    const note = input.note ? input.note : null;
    const checked = input.licenseNumber !== undefined;
    const event = { action: 'doctor.verification', resource: { type: 'doctor', id: doctorId } };
    const outcome = await this.doctors.setVerification(doctorId, { status: input.status, note, adminId: admin.userId, expectedLicenseNumber: input.licenseNumber }, async (tx) => {
      await this.audit.recordBy(admin, client, { ...event, outcome: 'success', details: { decision: input.status, note, ...(checked ? { licenseNumberChecked: true } : {}) } }, tx);
      // Only a verification is an event integrations hear of (webhooks); a rejection is not.
      switch (input.status) {
        case 'verified':
          await this.emitVerified(tx, doctorId);
      }
    });
    if (outcome === 'not_found') throw notFound('doctor');
    if (outcome === 'profile_changed') {
      await this.audit.recordBy(admin, client, { ...event, outcome: 'failure', details: { decision: input.status, code: 'PROFILE_CHANGED' } });
      throw new AppError('PROFILE_CHANGED', { detail: 'The licence number is no longer the one reviewed; review the profile again. Nothing was decided.' });
    }
    await this.cache.invalidate();
    const record = await this.doctors.findById(doctorId);
    if (!record) throw notFound('doctor');
    return toDoctorDto(record, { privileged: true });
  }

  /** In the decision's transaction: `doctor.verified`, with the profile as admins and the doctor see it (webhooks). */
  private async emitVerified(tx: Db, doctorId: string): Promise<void> {
    const record = await this.doctors.profileById(tx, doctorId);
    if (record) await this.events.emit('doctor.verified', { tx, doctorId, doctor: toDoctorDto(record, { privileged: true }) });
  }
}
