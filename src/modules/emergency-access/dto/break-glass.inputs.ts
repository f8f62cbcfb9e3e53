import { z } from 'zod';

export const breakGlassRequestSchema = z
  .strictObject({
    patientId: z.uuid('must be a UUID').meta({ description: "The patient's user id" }),
    reason: z
      .string()
      .trim()
      .min(20, 'must say why, in at least 20 characters')
      .max(500)
      .meta({ description: 'Why the records must be seen now: kept with the grant, in every audit row of a read under it, and shown to the patient', example: 'Patient unconscious in A&E; treating team needs visit history.' }),
  })
  .meta({ id: 'BreakGlassRequestInput' });
export type BreakGlassRequestInput = z.infer<typeof breakGlassRequestSchema>;
