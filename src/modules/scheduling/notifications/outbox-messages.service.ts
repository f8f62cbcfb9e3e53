import { Injectable } from '@nestjs/common';
import type { MailMessage } from '../../../common/mail/mail.port.js';
import { AppointmentsRepository, type AppointmentContacts } from '../appointments/appointments.repository.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import { renderMail, renderOfferMail } from './notification-messages.js';
import type { ClaimedMessage } from './outbox.repository.js';

/** What an outbox message says and to whom. */
export interface RenderedMessage {
  mails: MailMessage[];
  /** The appointment's people, for push and SMS; null for a message that is mailed only (a waitlist offer). */
  contacts: AppointmentContacts | null;
}

/**
 * Reads what a message needs at send time (so a message about a visit that has since moved or
 * ended says the current truth, or nothing) and renders its mails.
 */
@Injectable()
export class OutboxMessages {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly holds: HoldsRepository,
  ) {}

  async render(message: ClaimedMessage): Promise<RenderedMessage> {
    if (message.kind === 'waitlist.offer') {
      const offer = await this.holds.offerContacts(message.payload.holdId ?? '');
      return { mails: offer ? renderOfferMail(offer) : [], contacts: null };
    }
    const contacts = await this.appointments.findContacts(message.payload.appointmentId ?? '');
    return { mails: contacts ? renderMail(message.kind, message.payload, contacts) : [], contacts };
  }
}
