import { z } from 'zod';
import { instantSchema } from '../../../../common/validation/instant.js';
import { MAX_SERIES_COUNT } from '../series-plan.js';
import { intakeAnswersSchema } from './appointment.inputs.js';

export const bookSeriesSchema = z.strictObject({
  doctorId: z.uuid(),
  appointmentTypeId: z.uuid(),
  start: instantSchema.meta({ description: 'The first occurrence: a slot `getDoctorSlots` offers' }),
  every: z.union([z.literal(1), z.literal(2), z.literal(4)]).meta({ description: 'Weeks between occurrences, at the same wall-clock time in the doctor’s zone' }),
  count: z.number().int().min(2).max(MAX_SERIES_COUNT),
  reason: z.string().trim().max(2_000).optional(),
  intakeAnswers: intakeAnswersSchema.optional(),
}).meta({ id: 'BookSeriesInput' });
export type BookSeriesInput = z.output<typeof bookSeriesSchema>;
