import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import { AppError, notFound } from '../../common/errors/app-error.js';
import { sharedDetails } from '../../common/errors/catalog.js';
import { InsurancePlanCatalogue } from '../insurance/insurance-plan-catalogue.service.js';
import { EventBus } from '../../common/events/event-bus.service.js';
import { ReadRouting, type ReadRoute } from '../../db/read-routing.js';
import type { DoctorRecord } from './doctor.record.js';
import { DirectoryCache, PROFILE_TTL_SECONDS } from './directory.cache.js';
import { DoctorsRepository } from './doctors.repository.js';
import { toDoctorDto, type DoctorDto } from './dto/doctor.outputs.js';
import type { UpdateDoctorInput } from './dto/doctor.inputs.js';
import { SpecialtyCatalogue } from './specialty-catalogue.service.js';

@Injectable()
export class DoctorsService {
  constructor(
    private readonly access: AccessService,
    private readonly doctors: DoctorsRepository,
    private readonly cache: DirectoryCache,
    private readonly catalogue: SpecialtyCatalogue,
    private readonly events: EventBus,
    private readonly reads: ReadRouting,
    private readonly plans: InsurancePlanCatalogue,
  ) {}

  /** A location sent with an id must be one of the doctor's own: 400 naming each other id (a stranger's id is no one's here). */
  private async requireOwnLocations(doctorId: string, locations: { id?: string | undefined }[]): Promise<void> {
    if (!locations.some((l) => l.id !== undefined)) return;
    const own = await this.doctors.locationIds(doctorId);
    const errors = locations.flatMap((l, i) => (l.id === undefined || own.has(l.id.toLowerCase()) ? [] : [{ field: `locations.${i}.id`, message: 'is not one of your locations (leave it out for a new one)' }]));
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { detail: sharedDetails.invalidFields, errors });
  }

  async get(id: string, viewer: Principal | undefined): Promise<DoctorDto> {
    const record = await this.requireVisible(id, viewer, await this.reads.publicRead(viewer?.userId));
    return toDoctorDto(record, { privileged: this.access.mayViewUnpublished(viewer, record) });
  }

  async getMine(principal: Principal): Promise<DoctorDto> {
    await this.access.requireAccess(principal, Permission.DoctorManageOwnProfile);
    const record = await this.doctors.findByUserId(principal.userId);
    if (!record) throw notFound('doctorProfile');
    return toDoctorDto(record, { privileged: true });
  }

  async updateMine(principal: Principal, input: UpdateDoctorInput): Promise<DoctorDto> {
    await this.access.requireAccess(principal, Permission.DoctorManageOwnProfile);
    const current = await this.doctors.findByUserId(principal.userId);
    if (!current) throw notFound('doctorProfile');
    if (input.specialties) await this.catalogue.requireKnown(input.specialties, (i) => `specialties.${i}`);
    if (input.insurancePlanIds) await this.plans.requireKnown(input.insurancePlanIds, (i) => `insurancePlanIds.${i}`);
    if (input.locations) await this.requireOwnLocations(current.id, input.locations);
    const updated = await this.doctors.update(current.id, input);
    if (!updated) throw notFound('doctorProfile');
    // Slots and the next free slot follow the new zone before this response goes out.
    if (updated.timezoneChanged) await this.events.emit('doctor.scheduleChanged', { doctorId: current.id, zoneChanged: true });
    await this.events.emit('doctor.profileChanged', { doctorId: current.id, ...updated });
    return this.getMine(principal);
  }


  /**
   * The doctor if this viewer may see it (AccessService: public, or theirs, or an admin); 404
   * otherwise. For public reads only (the profile, a doctor's reviews): it reads where `route`
   * says, a replica usually, through the directory cache.
   */
  async requireVisible(id: string, viewer: Principal | undefined, route: ReadRoute): Promise<DoctorRecord> {
    const record = await this.cache.through(`profile:${id}`, PROFILE_TTL_SECONDS, () => this.doctors.profileById(route.db, id), route.skipCache);
    return this.access.requireVisibleDoctor(viewer, record);
  }
}
