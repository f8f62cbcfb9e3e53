import { z } from 'zod';
import type { TimeOffRow } from '../time-off.repository.js';
import { instantOutput } from '../../../../common/validation/instant.js';
import { MAX_LISTED_TIME_OFF, TIME_OFF_REASON_MAX_LENGTH } from './time-off.inputs.js';

/**
 * Confirmed appointments of one doctor never overlap (an exclusion constraint) and last at least
 * 5 minutes, so time off of at most 731 days (time-off.service.ts) overlaps at most
 * 731 × 288 of them, plus one at each edge.
 */
export const CONFLICTS_MAX_COUNT = 731 * 288 + 2;

export const timeOffSchema = z.object({ id: z.uuid(), start: instantOutput, end: instantOutput, reason: z.string().max(TIME_OFF_REASON_MAX_LENGTH).nullable() }).meta({ id: 'TimeOff' });
export type TimeOffDto = z.infer<typeof timeOffSchema>;

/** The doctor's current and recent time off: capped when written (MAX_LISTED_TIME_OFF). */
export const timeOffListSchema = z.array(timeOffSchema).max(MAX_LISTED_TIME_OFF);

export const createdTimeOffSchema = timeOffSchema
  .extend({ conflictingAppointmentIds: z.array(z.uuid()).max(CONFLICTS_MAX_COUNT).meta({ description: 'Confirmed appointments the time off overlaps; they are not cancelled' }) })
  .meta({ id: 'CreatedTimeOff' });
export type CreatedTimeOffDto = z.infer<typeof createdTimeOffSchema>;

export function toTimeOffDto(row: TimeOffRow): TimeOffDto {
  return { id: row.id, start: row.startAt.toISOString(), end: row.endAt.toISOString(), reason: row.reason };
}
