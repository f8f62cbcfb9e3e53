import { z } from 'zod';
import { timeZoneOutput, timeZoneSchema } from '../../../../common/validation/time-zone.js';
import { WEEKDAYS } from '../../slots/engine/index.js';
import type { AvailabilityView } from '../availability.repository.js';

const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:MM');

export const weeklyRuleSchema = z.strictObject({ day: z.enum(WEEKDAYS), start: hhmm, end: hhmm.meta({ description: '`24:00` allowed' }) });

export const availabilityInputSchema = z.strictObject({
  timezone: timeZoneSchema.optional().meta({ example: 'Europe/Berlin', description: "IANA zone, stored in canonical spelling; absent keeps the doctor's current zone" }),
  weekly: z.array(weeklyRuleSchema).max(100),
  slotIntervalMinutes: z.number().int().min(5).max(480).nullable().default(null).meta({ description: "null: the type's duration" }),
  minNoticeMinutes: z.number().int().min(0).max(43_200).default(60),
  maxAdvanceDays: z.number().int().min(1).max(730).default(90),
  cancellationNoticeHours: z.number().int().min(0).max(720).default(24),
});
export type AvailabilityInput = z.output<typeof availabilityInputSchema>;

export const availabilitySchema = z.object({
  timezone: timeZoneOutput,
  weekly: z.array(weeklyRuleSchema),
  slotIntervalMinutes: z.number().int().nullable(),
  minNoticeMinutes: z.number().int(),
  maxAdvanceDays: z.number().int(),
  cancellationNoticeHours: z.number().int(),
});
export type AvailabilityDto = z.infer<typeof availabilitySchema>;

export function toAvailabilityDto(view: AvailabilityView): AvailabilityDto {
  return {
    timezone: view.timezone,
    weekly: view.weekly.map((r) => ({ day: r.day, start: r.start, end: r.end })),
    slotIntervalMinutes: view.slotIntervalMinutes,
    minNoticeMinutes: view.minNoticeMinutes,
    maxAdvanceDays: view.maxAdvanceDays,
    cancellationNoticeHours: view.cancellationNoticeHours,
  };
}
