import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus.service.js';
import { ConsentsRepository } from './consents.repository.js';

/** A sign-up that accepts the terms records the acceptance in the account's own transaction. */
@Injectable()
export class ConsentListeners implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly consents: ConsentsRepository,
  ) {}

  onModuleInit(): void {
    this.events.on('user.registered', async ({ tx, userId, termsVersion }) => {
      if (termsVersion !== null) await this.consents.accept(userId, termsVersion, tx);
    });
  }
}
