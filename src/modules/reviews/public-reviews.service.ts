import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.service.js';
import type { Page, PageQuery } from '../../common/pagination/page-query.js';
import { paginate } from '../../common/pagination/paginate.js';
import { ReadRouting } from '../../db/read-routing.js';
import { DoctorsService } from '../doctors/doctors.service.js';
import { toPublicReviewDto, type PublicReviewDto } from './dto/review.outputs.js';
import { ReviewsRepository } from './reviews.repository.js';

/** A doctor's reviews as the public sees them: only for a doctor this viewer may see, names reduced to display names. */
@Injectable()
export class PublicReviewsService {
  constructor(
    private readonly doctors: DoctorsService,
    private readonly reviews: ReviewsRepository,
    private readonly cursors: CursorCodec,
    private readonly reads: ReadRouting,
  ) {}

  async listForDoctor(doctorId: string, viewer: Principal | undefined, query: PageQuery): Promise<Page<PublicReviewDto>> {
    const route = await this.reads.publicRead(viewer?.userId);
    await this.doctors.requireVisible(doctorId, viewer, route);
    const page = await paginate(
      this.cursors,
      { scope: `reviews:${doctorId}`, keyCount: 1, limit: query.limit, cursor: query.cursor },
      (after, take) => this.reviews.listForDoctor(route.db, doctorId, take, after && { at: String(after.keys[0]), id: after.id }),
      (row) => ({ keys: [row.cursorAt], id: row.id }),
    );
    return { data: page.data.map(toPublicReviewDto), nextCursor: page.nextCursor };
  }
}
