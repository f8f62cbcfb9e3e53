import { z } from 'zod';

export const startPhoneVerificationSchema = z
  .strictObject({
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +4930123456')
      .meta({ example: '+4930123456', maxLength: 16, description: 'E.164: a plus, the country code and the number, no spaces' }),
  })
  .meta({ id: 'StartPhoneVerificationInput' });
export type StartPhoneVerificationInput = z.infer<typeof startPhoneVerificationSchema>;

export const confirmPhoneVerificationSchema = z
  .strictObject({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code').meta({ example: '042917', maxLength: 6 }) })
  .meta({ id: 'ConfirmPhoneVerificationInput' });
export type ConfirmPhoneVerificationInput = z.infer<typeof confirmPhoneVerificationSchema>;
