import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../../common/clock/clock.js';
import { EventBus } from '../../common/events/event-bus.service.js';
import type { Executor } from '../../db/transactions.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { appointmentEvent, messageBody, WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.js';

const DOCTOR_VERIFIED: WebhookEvent = WEBHOOK_EVENTS[5];
const WAITLIST_OFFERED: WebhookEvent = WEBHOOK_EVENTS[6];

/**
 * Turns changes into deliveries, inside the change's own transaction: an appointment change
 * (whatever path made it: the API, a reschedule, an admin, a background job all go through
 * AppointmentChanges) a doctor's verification or a waitlist offer is never committed without its deliveries,
 * nor the other way round. The message body is fixed here, so every attempt sends the same one.
 */
@Injectable()
export class WebhookListeners implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The data is the resource as the subscription's owner may see it: the clinic's (an admin's)
    // gets an appointment without its video link, a doctor's own subscription with it.
    this.events.on('appointment.recorded', ({ tx, change, doctorId, appointment }) =>
      this.fanOut(tx, appointmentEvent(change), doctorId, { ownDoctor: appointment.byDoctor, clinic: appointment.byAdmins }),
    );
    this.events.on('doctor.verified', ({ tx, doctorId, doctor }) => this.fanOut(tx, DOCTOR_VERIFIED, doctorId, { ownDoctor: doctor, clinic: doctor }));
    this.events.on('waitlist.offered', ({ tx, doctorId, offer }) => this.fanOut(tx, WAITLIST_OFFERED, doctorId, { ownDoctor: offer, clinic: offer }));
  }

  private async fanOut(tx: Executor, event: WebhookEvent, doctorId: string, data: { ownDoctor: Record<string, unknown>; clinic: Record<string, unknown> }): Promise<void> {
    const now = this.clock.now();
    const ownDoctor = messageBody(event, now, data.ownDoctor);
    // Most events show both the same resource: one body serves both.
    const clinic = data.clinic === data.ownDoctor ? ownDoctor : messageBody(event, now, data.clinic);
    await this.deliveries.fanOut(tx, event, doctorId, { ownDoctor, clinic });
  }
}
