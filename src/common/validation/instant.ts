import { z } from 'zod';

/**
 * The one schema for an instant a client sends, in a body or a query string: ISO 8601 with an
 * explicit offset or `Z` (a time without one names no instant), read as a Date.
 */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, such as 2027-03-15T14:00:00Z' })
  .transform((value) => new Date(value));

/** An instant as the API answers it: UTC with milliseconds and `Z` (`Date#toISOString`). */
export const instantOutput = z.string().meta({ example: '2027-03-15T14:00:00.000Z' });
