import { z } from 'zod';

export const calendarTokenSchema = z
  .object({
    token: z.string().max(43).meta({ description: 'The secret of the feed URL; shown once.' }),
    url: z.url().max(2048).meta({ description: 'The private feed to subscribe to (webcal clients take it as is).' }),
  })
  .meta({ id: 'CalendarToken' });
export type CalendarTokenDto = z.infer<typeof calendarTokenSchema>;

export const calendarFeedSchema = z.string().max(5_000_000).meta({ id: 'CalendarFeed', description: 'An iCalendar (RFC 5545) document' });
