import { NotificationsAccountErasure } from './account-erasure.listeners.js';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { DevicesController } from './devices/devices.controller.js';
import { DevicesRepository } from './devices/devices.repository.js';
import { DevicesService } from './devices/devices.service.js';
import { NOTIFICATION_CHANNELS } from './channels/notification-channel.js';
import { channelProviders } from './notification-channels.providers.js';
import { NotificationDeliveriesRepository } from './notification-deliveries.repository.js';
import { NotificationDispatcher } from './notification-dispatcher.service.js';
import { PhoneVerificationController } from './phone/phone-verification.controller.js';
import { PhoneVerificationService } from './phone/phone-verification.service.js';
import { PhoneVerificationsRepository } from './phone/phone-verifications.repository.js';
import { PushChannel } from './push/push.channel.js';

/**
 * The channels notices travel by (push through FCM, APNs and Web Push; SMS; e-mail), behind
 * one port (`NotificationChannel`), the devices and verified phones they reach, and the
 * record of which channel each outbox message has reached. The outbox (scheduling) decides
 * what to say and calls `NotificationDispatcher`.
 */
@Module({
  controllers: [DevicesController, PhoneVerificationController],
  providers: [
    NotificationsAccountErasure,
    DevicesRepository,
    DevicesService,
    PhoneVerificationsRepository,
    PhoneVerificationService,
    NotificationDeliveriesRepository,
    NotificationDispatcher,
    ...channelProviders,
  ],
  exports: [NotificationDispatcher, NOTIFICATION_CHANNELS],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(private readonly push: PushChannel) {}

  /** Closes the push providers' connections: APNs' HTTP/2 session, the Web Push keep-alive sockets. */
  async onApplicationShutdown(): Promise<void> {
    await this.push.close();
  }
}
