import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors/app-error.js';
import type { DoctorRecord } from './doctor.record.js';
import { DoctorsRepository } from './doctors.repository.js';

/**
 * "Me" for the doctor's own photo and documents: the caller may manage their own profile, and
 * has one (404 `doctorProfile` otherwise), so each route under /doctors/me asks the same way.
 */
@Injectable()
export class OwnDoctorProfile {
  constructor(
    private readonly access: AccessService,
    private readonly doctors: DoctorsRepository,
  ) {}

  async of(principal: Principal): Promise<DoctorRecord> {
    await this.access.requireAccess(principal, Permission.DoctorManageOwnProfile);
    const record = await this.doctors.findByUserId(principal.userId);
    if (!record) throw notFound('doctorProfile');
    return record;
  }
}
