import { z } from 'zod';
import { timeZoneOutput } from '../../../../common/validation/time-zone.js';
import { instantOutput } from '../../../../common/validation/instant.js';
import { MAX_WINDOW_DAYS } from '../engine/index.js';

/**
 * Slots of one type never start less than 5 minutes apart (the shortest step: interval and
 * duration are at least 5) and the window is at most MAX_WINDOW_DAYS + 1 days: 63 × 288 =
 * 18,144 starts. One more day covers the zone's edges and the hour a fall-back day repeats.
 */
export const SLOTS_MAX_COUNT = (MAX_WINDOW_DAYS + 2) * 288;

export const slotSchema = z.object({ start: instantOutput, end: instantOutput }).meta({ id: 'Slot' });

export const slotsResponseSchema = z.object({
  doctorId: z.uuid(),
  appointmentTypeId: z.uuid(),
  timezone: timeZoneOutput,
  slots: z.array(slotSchema).max(SLOTS_MAX_COUNT),
}).meta({ id: 'DoctorSlots' });
export type SlotsResponseDto = z.infer<typeof slotsResponseSchema>;
