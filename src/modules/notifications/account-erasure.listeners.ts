import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus.service.js';
import { DevicesRepository } from './devices/devices.repository.js';
import { PhoneVerificationsRepository } from './phone/phone-verifications.repository.js';

/** Deleting an account removes all its devices (issue 14) and its phone verification, in the deletion's transaction. */
@Injectable()
export class NotificationsAccountErasure implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly devices: DevicesRepository,
    private readonly phones: PhoneVerificationsRepository,
  ) {}

  onModuleInit(): void {
    this.events.on('account.deleting', async ({ tx, userId }) => {
      await this.devices.removeAllOf(tx, userId);
      await this.phones.remove(tx, userId);
    });
  }
}
