import { z } from 'zod';
import type { TimeOffRow } from '../time-off.repository.js';
import { instantOutput } from '../../../../common/validation/instant.js';

export const timeOffSchema = z.object({ id: z.uuid(), start: instantOutput, end: instantOutput, reason: z.string().nullable() }).meta({ id: 'TimeOff' });
export type TimeOffDto = z.infer<typeof timeOffSchema>;

export const createdTimeOffSchema = timeOffSchema
  .extend({ conflictingAppointmentIds: z.array(z.uuid()).meta({ description: 'Confirmed appointments the time off overlaps; they are not cancelled' }) })
  .meta({ id: 'CreatedTimeOff' });
export type CreatedTimeOffDto = z.infer<typeof createdTimeOffSchema>;

export function toTimeOffDto(row: TimeOffRow): TimeOffDto {
  return { id: row.id, start: row.startAt.toISOString(), end: row.endAt.toISOString(), reason: row.reason };
}
