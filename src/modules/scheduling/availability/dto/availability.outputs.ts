import { z } from 'zod';
import { timeZoneOutput } from '../../../../common/validation/time-zone.js';
import type { AvailabilityView } from '../availability.repository.js';
import { WEEKLY_RULES_MAX_COUNT, weeklyRuleSchema } from './availability.inputs.js';

export const availabilitySchema = z.object({
  timezone: timeZoneOutput,
  weekly: z.array(weeklyRuleSchema).max(WEEKLY_RULES_MAX_COUNT),
  slotIntervalMinutes: z.number().int().nullable(),
  minNoticeMinutes: z.number().int(),
  maxAdvanceDays: z.number().int(),
  cancellationNoticeHours: z.number().int(),
}).meta({ id: 'Availability' });
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
