import { z } from 'zod';
import { recoveryCode, totpCode } from '../mfa/dto/mfa.inputs.js';
import { PASSWORD_MAX_LENGTH } from '../password-hasher.service.js';

/** DELETE /api/v1/me: the password, and (an account with a second factor) a code or one recovery code. */
export const deleteAccountSchema = z
  .strictObject({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH * 4), code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .superRefine((value, ctx) => {
    if (value.code !== undefined && value.recoveryCode !== undefined) ctx.addIssue({ code: 'custom', message: 'give at most one of `code` and `recoveryCode`', path: ['code'] });
  })
  .meta({ id: 'DeleteAccountInput' });
export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;
