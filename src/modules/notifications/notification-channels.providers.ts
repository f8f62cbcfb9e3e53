import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { LOGGER } from '../../common/logging/logger.js';
import { MAIL, type MailPort } from '../../common/mail/mail.port.js';
import type { AppConfig } from '../../config/config.js';
import { EmailChannel } from './channels/email.channel.js';
import { NOTIFICATION_CHANNELS, type ChannelName, type NotificationChannel } from './channels/notification-channel.js';
import { SmsChannel } from './channels/sms.channel.js';
import { DevicesRepository } from './devices/devices.repository.js';
import { PhoneVerificationsRepository } from './phone/phone-verifications.repository.js';
import { ApnsTransport } from './push/apns.transport.js';
import { FcmTransport } from './push/fcm.transport.js';
import { CredentialStop, defaultRetryPolicy } from './push/provider-answer.js';
import { PushChannel } from './push/push.channel.js';
import type { PushTransport } from './push/push-transport.js';
import { WebPushTransport } from './push/web-push.transport.js';

/** Said once, at error level, when a provider refuses our credential: an operator must act. */
function alertOnce(logger: Logger, provider: string): CredentialStop {
  return new CredentialStop((reason) => logger.error({ alert: 'notification-credentials', provider }, `${provider} stopped until restart: ${reason}; check its credentials`));
}

export function createPushChannel(config: AppConfig, devices: DevicesRepository, logger: Logger): PushChannel {
  const { fcm, apns, webPush } = config.notifications;
  const transports: { ios?: PushTransport; android?: PushTransport; web?: PushTransport } = {};
  if (apns) transports.ios = new ApnsTransport(apns, alertOnce(logger, 'APNs'));
  if (fcm) transports.android = new FcmTransport(fcm, alertOnce(logger, 'FCM'));
  if (webPush) transports.web = new WebPushTransport(webPush, alertOnce(logger, 'Web Push'));
  return new PushChannel(transports, devices, defaultRetryPolicy, logger);
}

export function createSmsChannel(config: AppConfig, phones: PhoneVerificationsRepository, logger: Logger): SmsChannel {
  return new SmsChannel(config.notifications.sms, phones, alertOnce(logger, 'SMS'), defaultRetryPolicy, logger);
}

export const channelProviders: Provider[] = [
  { provide: PushChannel, useFactory: createPushChannel, inject: [APP_CONFIG, DevicesRepository, LOGGER] },
  { provide: SmsChannel, useFactory: createSmsChannel, inject: [APP_CONFIG, PhoneVerificationsRepository, LOGGER] },
  { provide: EmailChannel, useFactory: (mail: MailPort) => new EmailChannel(mail), inject: [MAIL] },
  {
    provide: NOTIFICATION_CHANNELS,
    useFactory: (...channels: NotificationChannel[]) => new Map<ChannelName, NotificationChannel>(channels.map((c) => [c.name, c])),
    inject: [PushChannel, SmsChannel, EmailChannel],
  },
];
