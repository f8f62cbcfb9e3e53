import { z } from 'zod';
import { termsVersionSchema } from '../../../common/validation/terms-version.js';

export const acceptTermsSchema = z
  .strictObject({
    termsVersion: termsVersionSchema.meta({ description: 'The version accepted; it must be the one in force (`current` of GET /api/v1/me/consents)' }),
  })
  .meta({ id: 'AcceptTermsInput' });
export type AcceptTermsInput = z.infer<typeof acceptTermsSchema>;
