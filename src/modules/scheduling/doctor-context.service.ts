import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import type { ResourcePermission, RolePermission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors/app-error.js';
import { DoctorLookupRepository, type DoctorRef } from './doctor-lookup.repository.js';

/** Resolves "me" for doctor routes once AccessService has allowed it, and the public view of a doctor by id. */
@Injectable()
export class DoctorContext {
  constructor(
    private readonly access: AccessService,
    private readonly doctors: DoctorLookupRepository,
  ) {}

  /** The caller's own doctor, for a permission over their own schedule. */
  async me(principal: Principal, permission: RolePermission): Promise<DoctorRef> {
    await this.access.requireAccess(principal, permission);
    return this.own(principal);
  }

  /** The caller's own doctor, for a permission over one of their resources (`id`): 404 unless it is theirs. */
  async owning(principal: Principal, permission: ResourcePermission, id: string): Promise<DoctorRef> {
    await this.access.requireAccess(principal, permission, id);
    return this.own(principal);
  }

  /** A doctor as anyone may see them: public only (AccessService decides what public is). */
  async publicDoctor(doctorId: string): Promise<DoctorRef> {
    return this.access.requireVisibleDoctor(undefined, await this.doctors.byId(doctorId));
  }

  private async own(principal: Principal): Promise<DoctorRef> {
    const doctor = await this.doctors.byUserId(principal.userId);
    if (!doctor) throw notFound('doctorProfile');
    return doctor;
  }
}
