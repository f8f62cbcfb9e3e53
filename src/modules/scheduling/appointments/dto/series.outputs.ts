import { z } from 'zod';
import { appointmentSchema, type AppointmentDto } from './appointment.outputs.js';

export const appointmentSeriesSchema = z.object({
  seriesId: z.uuid(),
  appointments: z.array(appointmentSchema).max(12),
}).meta({ id: 'AppointmentSeries' });
export type AppointmentSeriesDto = { seriesId: string; appointments: AppointmentDto[] };
