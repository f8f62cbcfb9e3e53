import { z } from 'zod';
import { timeZoneSchema } from '../../../../common/validation/time-zone.js';
import { WEEKDAYS } from '../../slots/engine/index.js';

// The pattern makes it 5 characters; the document says so.
const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:MM').meta({ maxLength: 5 });

export const WEEKLY_RULES_MAX_COUNT = 100;

/** A weekly rule as the doctor sends it; answered back in the same shape (availability.outputs.ts). */
export const weeklyRuleSchema = z.strictObject({ day: z.enum(WEEKDAYS), start: hhmm, end: hhmm.meta({ description: '`24:00` allowed' }) }).meta({ id: 'WeeklyRule' });

export const availabilityInputSchema = z.strictObject({
  timezone: timeZoneSchema.optional().meta({ example: 'Europe/Berlin', description: "IANA zone, stored in canonical spelling; absent keeps the doctor's current zone" }),
  weekly: z.array(weeklyRuleSchema).max(WEEKLY_RULES_MAX_COUNT),
  slotIntervalMinutes: z.number().int().min(5).max(480).nullable().default(null).meta({ description: "null: the type's duration" }),
  minNoticeMinutes: z.number().int().min(0).max(43_200).default(60),
  maxAdvanceDays: z.number().int().min(1).max(730).default(90),
  cancellationNoticeHours: z.number().int().min(0).max(720).default(24),
}).meta({ id: 'AvailabilityInput' });
export type AvailabilityInput = z.output<typeof availabilityInputSchema>;
