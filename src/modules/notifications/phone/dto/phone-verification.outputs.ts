import { z } from 'zod';
import { instantOutput } from '../../../../common/validation/instant.js';

const phoneEnding = z.string().regex(/^\d{4}$/).max(4).meta({ example: '3456', description: 'The last 4 digits of the number' });

export const phoneVerificationStartedSchema = z
  .object({ phoneEnding, expiresAt: instantOutput, attemptsAllowed: z.number().int().min(1).max(100) })
  .meta({ id: 'PhoneVerificationStarted' });
export type PhoneVerificationStartedDto = z.infer<typeof phoneVerificationStartedSchema>;

export const verifiedPhoneSchema = z.object({ phoneEnding, verifiedAt: instantOutput }).meta({ id: 'VerifiedPhone' });
export type VerifiedPhoneDto = z.infer<typeof verifiedPhoneSchema>;
