import { z } from 'zod';
import { OPAQUE_TOKEN_LENGTH, OPAQUE_TOKEN_PATTERN } from '../../opaque-tokens.js';
import { PASSWORD_MAX_LENGTH } from '../../password-hasher.service.js';

/** A 6-digit TOTP code. */
export const totpCode = z.string().regex(/^[0-9]{6}$/, 'must be the 6-digit code of the authenticator app').meta({ example: '123456', maxLength: 6 });
/** A recovery code as given at enrolment (`ABCD-EFGH-IJKL-MNOP`); case, dashes and spaces do not matter. */
export const recoveryCode = z.string().min(16).max(40).meta({ example: 'ABCD-EFGH-IJKL-MNOP' });

const oneFactor = (value: { code?: string | undefined; recoveryCode?: string | undefined }, ctx: z.RefinementCtx) => {
  if ((value.code === undefined) === (value.recoveryCode === undefined)) ctx.addIssue({ code: 'custom', message: 'give exactly one of `code` and `recoveryCode`', path: ['code'] });
};

export const confirmTotpSchema = z.strictObject({ code: totpCode }).meta({ id: 'ConfirmTotpInput' });
export type ConfirmTotpInput = z.infer<typeof confirmTotpSchema>;

export const verifyMfaSchema = z
  .strictObject({
    challenge: z.string().regex(OPAQUE_TOKEN_PATTERN, 'is not a valid challenge').meta({ maxLength: OPAQUE_TOKEN_LENGTH }),
    code: totpCode.optional(),
    recoveryCode: recoveryCode.optional(),
  })
  .superRefine(oneFactor)
  .meta({ id: 'VerifyMfaInput' });
export type VerifyMfaInput = z.infer<typeof verifyMfaSchema>;

export const disableMfaSchema = z
  .strictObject({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH * 4), code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .superRefine(oneFactor)
  .meta({ id: 'DisableMfaInput' });
export type DisableMfaInput = z.infer<typeof disableMfaSchema>;
