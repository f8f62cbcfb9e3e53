import { z } from 'zod';

/** `format=fhir`: a FHIR R4 Bundle (application/fhir+json) instead of the JSON export. */
export const accountExportQuerySchema = z.strictObject({
  format: z.enum(['json', 'fhir']).optional().default('json').meta({ description: '`json` (default) or `fhir`: a FHIR R4 `collection` Bundle' }),
});
export type AccountExportQuery = z.output<typeof accountExportQuerySchema>;
