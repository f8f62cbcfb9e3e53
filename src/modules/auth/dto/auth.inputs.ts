import { z } from 'zod';
import { ROLES } from '../../../common/auth/policy.js';
import { termsVersionSchema } from '../../../common/validation/terms-version.js';
import { OPAQUE_TOKEN_LENGTH, OPAQUE_TOKEN_PATTERN } from '../opaque-tokens.js';
import { PASSWORD_MAX_LENGTH, passwordProblem } from '../password-hasher.service.js';

/** Lengths the inputs allow, so the outputs that answer the same values can say the same (user.outputs.ts). */
export const EMAIL_MAX_LENGTH = 254;
export const FULL_NAME_MAX_LENGTH = 200;
export const PHONE_MAX_LENGTH = 26;

const email = z.email('must be an e-mail address').max(EMAIL_MAX_LENGTH).meta({ example: 'ada@example.com' });

/** A password being set: 10..128 characters, not a common one; never trimmed or altered. */
export const newPasswordSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ minLength: 10, maxLength: PASSWORD_MAX_LENGTH, description: '10 to 128 characters, not a common password' });

/** A password being checked: only bounded, so an over-long one costs nothing to refuse. */
const presentedPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH * 4);

/**
 * A name is shown to other people: in their e-mail, texts, push notices and calendars. Control
 * characters, line separators and the Unicode direction overrides have no place in one and
 * could break those formats or make a name read as something else, so they are refused. (NUL
 * is refused for every field by the validation pipe, with its own message.)
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NAME_REFUSED = /[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const fullName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(FULL_NAME_MAX_LENGTH)
  .refine((name) => !NAME_REFUSED.test(name), 'must not contain control, line-separator or text-direction characters')
  .meta({ example: 'Ada Lovelace' });
// The pattern bounds the length (at most 26 characters); the document says so.
const phone = z
  .string()
  .regex(/^\+?[0-9][0-9 ()-]{5,24}$/, 'must be a phone number such as +4930123456')
  .meta({ example: '+4930123456', maxLength: PHONE_MAX_LENGTH });
const opaqueToken = z.string().regex(OPAQUE_TOKEN_PATTERN, 'is not a valid token').meta({ maxLength: OPAQUE_TOKEN_LENGTH });

export const registerSchema = z.strictObject({
  email,
  password: newPasswordSchema,
  fullName,
  // Admins are never created through the API.
  role: z.enum(ROLES).exclude(['admin'], 'must be "patient" or "doctor"'),
  phone: phone.optional(),
  // The terms of use and privacy notice the user accepts (TERMS_VERSION, shown by GET
  // /api/v1/me/consents after sign-up, or published by the operator). Omitted: not yet accepted.
  termsVersion: termsVersionSchema.optional().meta({ description: 'The version of the terms of use and privacy notice the user accepts with the sign-up; it must be the one in force (409 `TERMS_VERSION_MISMATCH` otherwise). Omitted: the account must accept them (POST /api/v1/me/consents) before anything else, when the deployment sets terms.' }),
}).meta({ id: 'RegisterInput' });
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.strictObject({ email: z.string().min(1).max(320), password: presentedPassword }).meta({ id: 'LoginInput' });
export type LoginInput = z.infer<typeof loginSchema>;

export const refreshSchema = z.strictObject({ refreshToken: z.string().min(1).max(200) }).meta({ id: 'RefreshTokenInput' });
export type RefreshInput = z.infer<typeof refreshSchema>;

const dateOfBirth = z.iso
  .date('must be a date as YYYY-MM-DD')
  .refine((value) => value >= '1900-01-01' && value <= new Date().toISOString().slice(0, 10), 'must be a date between 1900-01-01 and today');

export const updateMeSchema = z.strictObject({
  fullName: fullName.optional(),
  phone: phone.nullable().optional(),
  dateOfBirth: dateOfBirth.nullable().optional(),
  /** The language of e-mail, push and SMS: `en` or `es` (at registration: from Accept-Language). */
  locale: z.enum(['en', 'es']).optional(),
}).meta({ id: 'UpdateMeInput' });
export type UpdateMeInput = z.infer<typeof updateMeSchema>;

export const changePasswordSchema = z.strictObject({ currentPassword: presentedPassword, newPassword: newPasswordSchema }).meta({ id: 'ChangePasswordInput' });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const resetRequestSchema = z.strictObject({ email }).meta({ id: 'PasswordResetRequestInput' });
export type ResetRequestInput = z.infer<typeof resetRequestSchema>;

export const resetConfirmSchema = z.strictObject({ token: opaqueToken, newPassword: newPasswordSchema }).meta({ id: 'PasswordResetConfirmInput' });
export type ResetConfirmInput = z.infer<typeof resetConfirmSchema>;
