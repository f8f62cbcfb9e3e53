import { z } from 'zod';

const INSTANT_MAX_LENGTH = 40;

/**
 * The one schema for an instant a client sends, in a body or a query string: ISO 8601 with an
 * explicit offset or `Z` (a time without one names no instant), read as a Date.
 */
export const instantSchema = z.iso
  // `abort`: a string that is no instant gets one message, not also the length one.
  .datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, such as 2027-03-15T14:00:00Z', abort: true })
  // Nanoseconds and an offset make 35 characters; the format alone allows any number of fraction digits.
  .max(INSTANT_MAX_LENGTH, `must be at most ${INSTANT_MAX_LENGTH} characters`)
  .transform((value) => new Date(value));

/**
 * The longest `Date#toISOString`: 24 characters for years 0000..9999, 27 with the sign and six
 * year digits it uses outside them (PostgreSQL keeps years up to 294276).
 */
export const INSTANT_OUTPUT_MAX_LENGTH = 27;

/** An instant as the API answers it: UTC with milliseconds and `Z` (`Date#toISOString`). */
export const instantOutput = z.string().max(INSTANT_OUTPUT_MAX_LENGTH).meta({ example: '2027-03-15T14:00:00.000Z', format: 'date-time' });
