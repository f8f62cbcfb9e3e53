import { z } from 'zod';
import { sessionSchema } from '../../dto/session.outputs.js';
import { OPAQUE_TOKEN_LENGTH, OPAQUE_TOKEN_PATTERN } from '../../opaque-tokens.js';

export const totpEnrolmentSchema = z
  .object({
    uri: z.string().max(500).meta({ description: 'The `otpauth://totp/…` URI for an authenticator app (it holds the secret: show it only to the user)', example: 'otpauth://totp/iHosi:ada%40example.com?issuer=iHosi&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30' }),
    qrSvg: z.string().max(100_000).meta({ description: 'The same URI as a QR code: an SVG document' }),
  })
  .meta({ id: 'TotpEnrolment' });
export type TotpEnrolmentDto = z.infer<typeof totpEnrolmentSchema>;

export const recoveryCodesSchema = z
  .object({
    recoveryCodes: z
      .array(z.string().max(19).meta({ example: 'ABCD-EFGH-IJKL-MNOP' }))
      .min(10)
      .max(10)
      .meta({ description: 'Ten one-time codes, each accepted once instead of a TOTP code. Shown only now; stored only as digests.' }),
  })
  .meta({ id: 'RecoveryCodes' });
export type RecoveryCodesDto = z.infer<typeof recoveryCodesSchema>;

export const mfaChallengeSchema = z
  .object({
    mfaRequired: z.literal(true),
    challenge: z.string().max(OPAQUE_TOKEN_LENGTH).meta({ description: 'Send it with a code to POST /api/v1/auth/mfa/verify within 5 minutes', pattern: OPAQUE_TOKEN_PATTERN.source }),
  })
  .meta({ id: 'MfaChallenge' });
export type MfaChallengeDto = z.infer<typeof mfaChallengeSchema>;

/** What a sign-in answers: a session, or a challenge when the account has a second factor. */
export const loginResultSchema = z.union([sessionSchema, mfaChallengeSchema]).meta({ id: 'LoginResult' });
