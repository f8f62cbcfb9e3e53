import { Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DoctorIdParam } from '../../common/access/doctor-id.param.js';
import { Public, Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Viewer } from '../../common/auth/viewer.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { pageQuerySchema, type Page, type PageQuery } from '../../common/pagination/page-query.js';
import { uuidParam } from '../../common/validation/uuid.js';
import { ValidBody, ValidParam, ValidQuery } from '../../common/validation/zod-validation.js';
import { reviewInputSchema, type ReviewInput } from './dto/review.inputs.js';
import { publicReviewPageSchema, reviewSchema, type PublicReviewDto, type ReviewDto } from './dto/review.outputs.js';
import { PublicReviewsService } from './public-reviews.service.js';
import { ReviewsService } from './reviews.service.js';

/** The reviews resource: written under the appointment it reviews, read under the doctor it rates. */
@ApiTags('reviews')
@Controller('api/v1')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly publicReviews: PublicReviewsService,
  ) {}

  @Post('appointments/:id/review')
  @Roles('patient')
  @Operation({
    id: 'reviewAppointment',
    summary: 'Review a completed appointment',
    description: 'Once per completed appointment, by its patient; the doctor’s rating is recomputed. `anonymous` hides the patient’s name in the public list.',
    ok: { status: 201, description: 'Review stored; the doctor rating is updated', schema: reviewSchema },
    errors: ['ALREADY_REVIEWED', 'APPOINTMENT_NOT_COMPLETED'],
  })
  review(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidBody(reviewInputSchema) body: ReviewInput, @Client() client: ClientContext): Promise<ReviewDto> {
    return this.reviews.review(principal, id, body, client);
  }

  @Get('doctors/:id/reviews')
  @Public()
  @Operation({
    id: 'listDoctorReviews',
    summary: "A doctor's reviews",
    description: 'Newest first; each names the patient by a display name only ("Maria G.", or "Verified patient").',
    ok: { description: 'Reviews, newest first', schema: publicReviewPageSchema },
  })
  listForDoctor(@DoctorIdParam() id: string, @ValidQuery(pageQuerySchema) query: PageQuery, @Viewer() viewer: Principal | undefined): Promise<Page<PublicReviewDto>> {
    return this.publicReviews.listForDoctor(id, viewer, query);
  }
}
