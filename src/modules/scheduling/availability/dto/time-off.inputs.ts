import { z } from 'zod';
import { instantSchema } from '../../../../common/validation/instant.js';

export const timeOffInputSchema = z.strictObject({
  start: instantSchema,
  end: instantSchema,
  reason: z.string().trim().max(500).optional(),
}).meta({ id: 'TimeOffInput' });
export type TimeOffInput = z.output<typeof timeOffInputSchema>;
