import { z } from 'zod';
import { timeZoneSchema } from '../../../../../common/validation/time-zone.js';
import { CHANNELS } from '../quiet-hours.js';

const localTime = z.string().max(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
const channelList = z.array(z.enum(CHANNELS)).max(CHANNELS.length).refine((list) => new Set(list).size === list.length, 'each channel once');

export const notificationChannelsSchema = z
  .strictObject({
    bookingConfirmed: channelList,
    reminder: channelList,
    appointmentChanged: channelList,
    waitlistOffer: channelList,
    accountSecurity: channelList,
  })
  .meta({ id: 'NotificationChannelsInput' });

export const quietHoursSchema = z
  .strictObject({
    start: localTime,
    end: localTime,
    timeZone: timeZoneSchema,
    otherwise: z.enum(['wait', 'email']).default('wait'),
  })
  .refine((q) => q.start !== q.end, { message: 'start and end differ', path: ['end'] })
  .meta({ id: 'QuietHoursInput' });

export const updateNotificationPreferencesSchema = z
  .strictObject({
    channels: notificationChannelsSchema,
    quietHours: quietHoursSchema.nullable(),
  })
  .meta({ id: 'UpdateNotificationPreferencesInput' });
export type UpdateNotificationPreferencesInput = z.output<typeof updateNotificationPreferencesSchema>;
