import { z } from 'zod';
import { instantSchema } from '../../../../common/validation/instant.js';

export const TIME_OFF_REASON_MAX_LENGTH = 500;

export const timeOffInputSchema = z.strictObject({
  start: instantSchema,
  end: instantSchema,
  reason: z.string().trim().max(TIME_OFF_REASON_MAX_LENGTH).optional(),
}).meta({ id: 'TimeOffInput' });
export type TimeOffInput = z.output<typeof timeOffInputSchema>;
