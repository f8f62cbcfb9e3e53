import { Injectable } from '@nestjs/common';
import { EventBus } from '../../../common/events/event-bus.service.js';
import type { Executor } from '../../../db/transactions.js';
import type { HoldRow } from '../holds/holds.repository.js';
import { offerMessages } from '../notifications/notification-messages.js';
import { OutboxRepository } from '../notifications/outbox.repository.js';
import { toWaitlistOfferedDto } from './dto/waitlist.outputs.js';

/**
 * Tells of an offer inside the transaction that makes it: the patient's `waitlist.offer`
 * notification into the outbox, and `waitlist.offered` to the other modules (webhooks record
 * their deliveries with it), so an offer is never made without either.
 */
@Injectable()
export class WaitlistOfferAnnouncer {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly events: EventBus,
  ) {}

  async announce(tx: Executor, hold: HoldRow, entryId: string): Promise<void> {
    await this.outbox.enqueue(tx, offerMessages(hold.id, hold.startAt, hold.expiresAt));
    await this.events.emit('waitlist.offered', { tx, doctorId: hold.doctorId, offer: toWaitlistOfferedDto(hold, entryId) });
  }
}
