import { z } from 'zod';
import { instantSchema } from '../../../../common/validation/instant.js';

export const createHoldSchema = z.strictObject({
  doctorId: z.uuid(),
  appointmentTypeId: z.uuid(),
  start: instantSchema,
}).meta({ id: 'CreateHoldInput' });
export type CreateHoldInput = z.output<typeof createHoldSchema>;
