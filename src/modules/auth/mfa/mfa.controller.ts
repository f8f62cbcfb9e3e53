import { Controller, Delete, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ForSecondFactorEnrolment, Public, SignedIn, SignedInBeforeTermsAccepted } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../common/http/client-context.js';
import { Operation } from '../../../common/openapi/operation.js';
import { ValidBody } from '../../../common/validation/zod-validation.js';
import { sessionSchema, type SessionDto } from '../dto/session.outputs.js';
import * as inputs from './dto/mfa.inputs.js';
import { recoveryCodesSchema, totpEnrolmentSchema, type RecoveryCodesDto, type TotpEnrolmentDto } from './dto/mfa.outputs.js';
import { MfaEnrolment } from './mfa-enrolment.service.js';
import { MfaVerification } from './mfa-verification.service.js';

@ApiTags('auth')
@Controller('api/v1/auth/mfa')
export class MfaController {
  constructor(
    private readonly enrolment: MfaEnrolment,
    private readonly verification: MfaVerification,
  ) {}

  @Post('totp')
  @SignedInBeforeTermsAccepted()
  @ForSecondFactorEnrolment()
  @Operation({
    id: 'enrolTotp',
    summary: 'Start enrolling a TOTP second factor',
    description: 'A new secret as an `otpauth://` URI and a QR code (SVG) for an authenticator app; it counts once confirmed with a code. Calling again before confirming replaces the secret. Admins must enrol: until they do, this and its confirmation are all their sessions may call.',
    ok: { description: 'Scan the QR code (or open the URI), then confirm with a code', schema: totpEnrolmentSchema },
    errors: ['MFA_ALREADY_ENROLLED'],
  })
  enrol(@CurrentUser() principal: Principal, @Client() client: ClientContext): Promise<TotpEnrolmentDto> {
    return this.enrolment.enrol(principal, client);
  }

  @Post('totp/confirm')
  @SignedInBeforeTermsAccepted()
  @ForSecondFactorEnrolment()
  @Operation({
    id: 'confirmTotp',
    summary: 'Finish enrolling with a code from the app',
    description: 'Returns ten one-time recovery codes, shown only now. From then on, signing in asks for a code. A wrong code counts toward the lockout. The current session stays as it was: sign in again for a session with the second factor (admins need one).',
    ok: { description: 'Enrolled; keep the recovery codes somewhere safe', schema: recoveryCodesSchema },
    errors: ['INVALID_MFA_CODE', 'MFA_NOT_ENROLLED', 'MFA_ALREADY_ENROLLED', 'ACCOUNT_LOCKED'],
  })
  confirm(@CurrentUser() principal: Principal, @ValidBody(inputs.confirmTotpSchema) body: inputs.ConfirmTotpInput, @Client() client: ClientContext): Promise<RecoveryCodesDto> {
    return this.enrolment.confirm(principal, body, client);
  }

  @Post('verify')
  @Public()
  @Operation({
    id: 'verifyMfa',
    summary: 'Second step of a sign-in: the challenge and a code',
    description: 'Send the `challenge` of a sign-in that answered `mfaRequired` with a 6-digit `code` or one `recoveryCode`. Each code is accepted once (a code of the same or an older time step is refused); each recovery code once. Wrong codes count toward the lockout like wrong passwords. The challenge lives 5 minutes and gives one session.',
    ok: { description: 'Signed in with the second factor', schema: sessionSchema },
    errors: ['UNAUTHENTICATED', 'INVALID_MFA_CODE', 'ACCOUNT_LOCKED'],
  })
  verify(@ValidBody(inputs.verifyMfaSchema) body: inputs.VerifyMfaInput, @Client() client: ClientContext): Promise<SessionDto> {
    return this.verification.verify(body, client);
  }

  @Delete()
  @SignedIn()
  @Operation({
    id: 'disableMfa',
    summary: 'Remove the second factor',
    description: 'Needs the password and a code (or a recovery code); wrong ones count toward the lockout. Every session ends, the caller’s too. An admin without a factor can then only enrol again.',
    ok: { description: 'Removed; every session ended' },
    // A DELETE with a body: its 413 and 415 are not implied by the method as a write's are.
    errors: ['INVALID_CREDENTIALS', 'INVALID_MFA_CODE', 'MFA_NOT_ENROLLED', 'ACCOUNT_LOCKED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  })
  disable(@CurrentUser() principal: Principal, @ValidBody(inputs.disableMfaSchema) body: inputs.DisableMfaInput, @Client() client: ClientContext): Promise<void> {
    return this.enrolment.disable(principal, body, client);
  }
}
