import { Module } from '@nestjs/common';
import { DoctorsModule } from '../doctors/doctors.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { PublicReviewsService } from './public-reviews.service.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsListeners } from './reviews.listeners.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ReviewsService } from './reviews.service.js';

/**
 * Reviews of completed appointments and the public lists of them; the only writer of the
 * reviews table. The doctors module keeps the rating, told by `review.created`.
 */
@Module({
  imports: [DoctorsModule, SchedulingModule],
  controllers: [ReviewsController],
  providers: [ReviewsRepository, ReviewsService, PublicReviewsService, ReviewsListeners],
})
export class ReviewsModule {}
