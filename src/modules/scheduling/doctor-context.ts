import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors/app-error.js';
import { DoctorLookupRepository, type DoctorRef } from './doctor-lookup.repository.js';

/** Resolves "me" for doctor routes, and the public view of a doctor by id. */
@Injectable()
export class DoctorContext {
  constructor(private readonly doctors: DoctorLookupRepository) {}

  async me(principal: Principal): Promise<DoctorRef> {
    const doctor = await this.doctors.byUserId(principal.userId);
    if (!doctor) throw notFound('doctorProfile');
    return doctor;
  }

  /** A doctor as anyone may see them: verified only. */
  async publicDoctor(doctorId: string): Promise<DoctorRef> {
    const doctor = await this.doctors.byId(doctorId);
    if (!doctor?.verified) throw notFound('doctor');
    return doctor;
  }
}
