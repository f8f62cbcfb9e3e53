import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors/app-error.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.js';
import type { Page, PageQuery } from '../../common/pagination/page-query.js';
import { paginate } from '../../common/pagination/paginate.js';
import type { DoctorRecord } from './doctor.record.js';
import { DirectoryCache, PROFILE_TTL_SECONDS } from './directory-cache.js';
import { DoctorEvents } from './doctor-events.js';
import { DoctorsRepository } from './doctors.repository.js';
import { toDoctorDto, toReviewDto, type DoctorDto, type ReviewDto } from './dto/doctor.dto.js';
import type { UpdateDoctorInput } from './dto/doctor.inputs.js';
import { ReviewsRepository } from './reviews.repository.js';
import { SpecialtyCatalogue } from './specialty-catalogue.js';

/** Only verified doctors are public; the doctor themself and admins see any status and the licence. */
export function isPrivilegedViewer(record: Pick<DoctorRecord, 'userId'>, viewer: Principal | undefined): boolean {
  return viewer !== undefined && (viewer.role === 'admin' || viewer.userId === record.userId);
}

@Injectable()
export class DoctorsService {
  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly reviews: ReviewsRepository,
    private readonly cache: DirectoryCache,
    private readonly cursors: CursorCodec,
    private readonly catalogue: SpecialtyCatalogue,
    private readonly events: DoctorEvents,
  ) {}

  async get(id: string, viewer: Principal | undefined): Promise<DoctorDto> {
    const record = await this.visible(id, viewer);
    return toDoctorDto(record, { privileged: isPrivilegedViewer(record, viewer) });
  }

  async getMine(principal: Principal): Promise<DoctorDto> {
    const record = await this.doctors.findByUserId(principal.userId);
    if (!record) throw notFound('doctorProfile');
    return toDoctorDto(record, { privileged: true });
  }

  async updateMine(principal: Principal, input: UpdateDoctorInput): Promise<DoctorDto> {
    const current = await this.doctors.findByUserId(principal.userId);
    if (!current) throw notFound('doctorProfile');
    if (input.specialties) await this.catalogue.requireKnown(input.specialties, (i) => `specialties.${i}`);
    const updated = await this.doctors.update(current.id, input);
    if (!updated) throw notFound('doctorProfile');
    // Slots and the next free slot follow the new zone before this response goes out.
    if (updated.timezoneChanged) await this.events.timezoneChanged(current.id);
    // A changed licence or qualifications may have made the profile pending: the directory forgets it at once.
    await this.cache.invalidate();
    return this.getMine(principal);
  }

  async listReviews(doctorId: string, viewer: Principal | undefined, query: PageQuery): Promise<Page<ReviewDto>> {
    await this.visible(doctorId, viewer);
    const page = await paginate(
      this.cursors,
      { scope: `reviews:${doctorId}`, keyCount: 1, limit: query.limit, cursor: query.cursor },
      (after, take) => this.reviews.listForDoctor(doctorId, take, after && { at: String(after.keys[0]), id: after.id }),
      (row) => ({ keys: [row.cursorAt], id: row.id }),
    );
    return { data: page.data.map(toReviewDto), nextCursor: page.nextCursor };
  }

  /** The doctor if this viewer may see it; 404 for unknown and for unverified to others. */
  private async visible(id: string, viewer: Principal | undefined): Promise<DoctorRecord> {
    const record = await this.cache.through(`profile:${id}`, PROFILE_TTL_SECONDS, () => this.doctors.findById(id));
    if (!record) throw notFound('doctor');
    if (record.verificationStatus !== 'verified' && !isPrivilegedViewer(record, viewer)) throw notFound('doctor');
    return record;
  }
}
