import { Injectable } from '@nestjs/common';
import { AppError, invalidFields, notFound } from '../../common/errors/app-error.js';
import { isUuid } from '../../common/validation/uuid.js';
import { DirectoryService } from '../doctors/directory.service.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import type { DoctorDto } from '../doctors/dto/doctor.outputs.js';
import { searchQuerySchema } from '../doctors/dto/doctor.inputs.js';
import type { PractitionerRoleSearch, PractitionerSearch } from './dto/fhir.inputs.js';
import { toSearchBundle } from './mapping/bundle.mapping.js';
import { referenceId } from './mapping/fhir-ids.js';
import { SYSTEMS, type Bundle, type FhirResource } from './mapping/fhir-types.js';
import { toPractitioner, toPractitionerRole } from './mapping/practitioner.mapping.js';

/**
 * Practitioner and PractitionerRole: the public directory and profile, through the doctors
 * module's services with no viewer, so only verified doctors appear, to anyone (an admin or the
 * doctor themself included: the FHIR face publishes, it does not administer).
 */
@Injectable()
export class FhirDirectoryService {
  constructor(
    private readonly doctors: DoctorsService,
    private readonly directory: DirectoryService,
  ) {}

  async practitioner(id: string): Promise<FhirResource> {
    return toPractitioner(await this.publicDoctor(id));
  }

  async practitionerRole(id: string): Promise<FhirResource> {
    return toPractitionerRole(await this.publicDoctor(id));
  }

  /** A verified doctor's public profile; 404 for anything else, a malformed id included. */
  publicDoctor(id: string): Promise<DoctorDto> {
    if (!isUuid(id)) throw notFound('doctor');
    return this.doctors.get(id.toLowerCase(), undefined);
  }

  async searchPractitioners(base: string, query: PractitionerSearch): Promise<Bundle> {
    const { doctors, nextPage } = await this.search({ q: query.name }, query);
    return toSearchBundle(base, 'Practitioner', { name: query.name, _count: query._count, _page: query._page }, doctors.map(toPractitioner), nextPage);
  }

  async searchPractitionerRoles(base: string, query: PractitionerRoleSearch): Promise<Bundle> {
    const params = { practitioner: query.practitioner, specialty: query.specialty, _count: query._count, _page: query._page };
    const specialty = query.specialty?.startsWith(`${SYSTEMS.specialty}|`) ? query.specialty.slice(SYSTEMS.specialty.length + 1) : query.specialty;
    if (query.practitioner !== undefined) {
      const doctor = await this.found(referenceId(query.practitioner, 'Practitioner'));
      const matches = doctor && (!specialty || doctor.specialties.some((s) => s.code === specialty)) ? [toPractitionerRole(doctor)] : [];
      return toSearchBundle(base, 'PractitionerRole', params, matches, null);
    }
    const { doctors, nextPage } = await this.search({ specialty }, query);
    return toSearchBundle(base, 'PractitionerRole', params, doctors.map(toPractitionerRole), nextPage);
  }

  /** A page of the directory, each doctor as their full public profile (qualifications are not on the cards). */
  private async search(filters: { q?: string; specialty?: string }, page: { _count: number; _page?: string }): Promise<{ doctors: DoctorDto[]; nextPage: string | null }> {
    const parsed = searchQuerySchema.safeParse({ ...definedOnly(filters), limit: String(page._count), ...(page._page ? { cursor: page._page } : {}) });
    if (!parsed.success) throw invalidFields(parsed.error.issues.map((i) => ({ field: fhirName(String(i.path[0] ?? '')), message: i.message })));
    const cards = await this.directory.search(parsed.data, undefined);
    const doctors = await Promise.all(cards.data.map((card) => this.found(card.id)));
    return { doctors: doctors.filter((d): d is DoctorDto => d !== null), nextPage: cards.nextCursor };
  }

  /** The public profile, or null when there is none to show (a search finds nothing rather than failing). */
  async found(id: string): Promise<DoctorDto | null> {
    try {
      return await this.publicDoctor(id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}

function fhirName(field: string): string {
  return ({ q: 'name', limit: '_count', cursor: '_page' } as Record<string, string>)[field] ?? field;
}
