import { z } from 'zod';
import { timeZoneOutput } from '../../../../../common/validation/time-zone.js';
import { CHANNELS, type NotificationKind, type ChannelName, type QuietHours } from '../quiet-hours.js';

const channelList = z.array(z.enum(CHANNELS)).max(CHANNELS.length);
const localTime = z.string().max(5).meta({ example: '22:00' });

export const notificationPreferencesSchema = z
  .object({
    channels: z
      .object({
        bookingConfirmed: channelList,
        reminder: channelList,
        appointmentChanged: channelList,
        waitlistOffer: channelList,
        accountSecurity: channelList,
      })
      .meta({ id: 'NotificationChannels' }),
    quietHours: z
      .object({ start: localTime, end: localTime, timeZone: timeZoneOutput, otherwise: z.enum(['wait', 'email']) })
      .nullable()
      .meta({ id: 'QuietHours' }),
  })
  .meta({ id: 'NotificationPreferences' });
export type NotificationPreferencesDto = z.infer<typeof notificationPreferencesSchema>;

export interface NotificationPreferences {
  channels: Record<NotificationKind, ChannelName[]>;
  quietHours: QuietHours | null;
}

export function toNotificationPreferencesDto(preferences: NotificationPreferences): NotificationPreferencesDto {
  return { channels: { ...preferences.channels }, quietHours: preferences.quietHours ? { ...preferences.quietHours } : null };
}
