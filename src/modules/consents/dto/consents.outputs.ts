import { z } from 'zod';
import { instantOutput } from '../../../common/validation/instant.js';
import { termsVersionSchema } from '../../../common/validation/terms-version.js';
import type { ConsentRow } from '../consents.repository.js';

export const consentSchema = z
  .object({
    termsVersion: termsVersionSchema,
    acceptedAt: instantOutput,
  })
  .meta({ id: 'Consent' });
export type ConsentDto = z.infer<typeof consentSchema>;

export const consentsSchema = z
  .object({
    current: termsVersionSchema.nullable().meta({ description: 'The terms version in force; null when the deployment sets none (nothing to accept)' }),
    accepted: z.boolean().meta({ description: 'The caller has accepted `current` (always true when it is null); until then other routes answer 403 `TERMS_NOT_ACCEPTED`' }),
    history: z.array(consentSchema).max(1000).meta({ description: 'Every version the caller has accepted, newest first' }),
  })
  .meta({ id: 'Consents' });
export type ConsentsDto = z.infer<typeof consentsSchema>;

export function toConsentDto(row: ConsentRow): ConsentDto {
  return { termsVersion: row.version, acceptedAt: row.acceptedAt.toISOString() };
}
