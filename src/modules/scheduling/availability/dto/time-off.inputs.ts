import { z } from 'zod';
import { instantSchema } from '../../../../common/validation/instant.js';

export const TIME_OFF_REASON_MAX_LENGTH = 500;
/** The list shows time off that ended at most this many days ago (or has not ended). */
export const TIME_OFF_LISTED_DAYS_AFTER_END = 90;
/** A doctor has at most this many entries in that set: an add beyond it is 400. */
export const MAX_LISTED_TIME_OFF = 200;

export const timeOffInputSchema = z.strictObject({
  start: instantSchema,
  end: instantSchema,
  reason: z.string().trim().max(TIME_OFF_REASON_MAX_LENGTH).optional(),
}).meta({ id: 'TimeOffInput' });
export type TimeOffInput = z.output<typeof timeOffInputSchema>;
