import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus.service.js';
import { ReviewsRepository } from './reviews.repository.js';

/** A deleted account's reviews are kept (the doctor's rating stands) but anonymised: the author is removed. */
@Injectable()
export class ReviewsListeners implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly reviews: ReviewsRepository,
  ) {}

  onModuleInit(): void {
    this.events.on('account.deleting', ({ tx, userId }) => this.reviews.anonymiseByPatient(tx, userId));
  }
}
