import { CHANNELS, NOTIFICATION_KINDS, type ChannelName, type NotificationKind } from './quiet-hours.js';
import type { NotificationPreferences } from './dto/notification-preferences.outputs.js';
import type { NotificationPreferencesRow } from './notification-preferences.repository.js';

/** What a user without a saved choice gets: e-mail and push for everything (SMS is opt-in). */
export const DEFAULT_CHANNELS: Record<NotificationKind, ChannelName[]> = {
  bookingConfirmed: ['email', 'push'],
  reminder: ['email', 'push'],
  appointmentChanged: ['email', 'push'],
  waitlistOffer: ['email', 'push'],
  accountSecurity: ['email', 'push'],
};

/** The preferences a row (or no row) stands for. Account security always includes e-mail. */
export function preferencesOf(row: NotificationPreferencesRow | null): NotificationPreferences {
  const channels = {} as Record<NotificationKind, ChannelName[]>;
  for (const kind of NOTIFICATION_KINDS) {
    const saved = row?.channels[kind]?.filter((c): c is ChannelName => (CHANNELS as readonly string[]).includes(c));
    channels[kind] = saved ?? [...DEFAULT_CHANNELS[kind]];
  }
  if (!channels.accountSecurity.includes('email')) channels.accountSecurity.unshift('email');
  const quietHours =
    row?.quietStart && row.quietEnd && row.quietTimeZone ? { start: row.quietStart, end: row.quietEnd, timeZone: row.quietTimeZone, otherwise: row.quietOtherwise } : null;
  return { channels, quietHours };
}
