import { Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public, SignedIn, SignedInBeforeTermsAccepted } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidBody } from '../../common/validation/zod-validation.js';
import { AcceptLanguage } from './accept-language.js';
import { AccountService } from './account.service.js';
import { AuthService } from './auth.service.js';
import * as inputs from './dto/auth.inputs.js';
import { sessionSchema, type SessionDto } from './dto/session.outputs.js';
import { loginResultSchema, type MfaChallengeDto } from './mfa/dto/mfa.outputs.js';
import { userSchema, type UserDto } from './dto/user.outputs.js';
import { PasswordResetService } from './password-reset.service.js';
import { RegistrationService } from './registration.service.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly auth: AuthService,
    private readonly account: AccountService,
    private readonly resets: PasswordResetService,
  ) {}

  @Post('register')
  @Public()
  @Operation({
    id: 'register',
    summary: 'Create a patient or doctor account',
    description: 'Creates the account and signs it in; `Accept-Language` sets the language of its notifications (`es` when preferred over `en`, else `en`). A doctor starts with a `pending` profile that an admin verifies before it is public. Admins are never created through the API.',
    ok: { status: 201, description: 'Account created and signed in', schema: sessionSchema },
    errors: ['EMAIL_TAKEN', 'TERMS_VERSION_MISMATCH'],
  })
  register(@ValidBody(inputs.registerSchema) body: inputs.RegisterInput, @Client() client: ClientContext, @AcceptLanguage() acceptLanguage: string | undefined): Promise<SessionDto> {
    return this.registration.register(body, client, acceptLanguage);
  }

  @Post('login')
  @Public()
  @Operation({
    id: 'login',
    summary: 'Sign in with e-mail and password',
    description: 'An unknown e-mail and a wrong password answer alike. After `LOGIN_LOCKOUT_ATTEMPTS` failures the account is locked for `LOGIN_LOCKOUT_MINUTES` (429 `ACCOUNT_LOCKED`), even with the right password. An account with a second factor gets `{mfaRequired: true, challenge}` instead of a session: answer it at POST /api/v1/auth/mfa/verify.',
    ok: { description: 'Signed in, or (second factor enrolled) a challenge for the code', schema: loginResultSchema },
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'],
  })
  login(@ValidBody(inputs.loginSchema) body: inputs.LoginInput, @Client() client: ClientContext): Promise<SessionDto | MfaChallengeDto> {
    return this.auth.login(body, client);
  }

  @Post('refresh')
  @Public()
  @Operation({
    id: 'refreshSession',
    summary: 'Trade a refresh token for a new session',
    description: 'Rotation: the presented refresh token is spent. Presenting a spent one again is 401 `REFRESH_TOKEN_REUSED` and ends the whole session family; a session past its lifetime is 401 `TOKEN_EXPIRED`.',
    ok: { description: 'A new session; the presented refresh token is spent', schema: sessionSchema },
    errors: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'REFRESH_TOKEN_REUSED'],
  })
  refresh(@ValidBody(inputs.refreshSchema) body: inputs.RefreshInput, @Client() client: ClientContext): Promise<SessionDto> {
    return this.auth.refresh(body, client);
  }

  @Post('logout')
  @Public()
  @Operation({
    id: 'logout',
    summary: 'End the session of a refresh token',
    description: 'Idempotent: an unknown or already ended refresh token is 204 too. The session’s access tokens stop working at once.',
    ok: { description: 'That session has ended' },
  })
  logout(@ValidBody(inputs.refreshSchema) body: inputs.RefreshInput, @Client() client: ClientContext): Promise<void> {
    return this.auth.logout(body, client);
  }

  @Post('logout-all')
  @SignedInBeforeTermsAccepted()
  @Operation({
    id: 'logoutAll',
    summary: 'End every session of the caller',
    description: 'Every refresh token of the user stops working, and access tokens issued before now are refused.',
    ok: { description: 'Every session ended; earlier access tokens are refused' },
  })
  logoutAll(@CurrentUser() principal: Principal, @Client() client: ClientContext): Promise<void> {
    return this.account.logoutAll(principal, client);
  }

  @Get('me')
  @SignedInBeforeTermsAccepted()
  @Operation({
    id: 'getMe',
    summary: 'The signed-in user',
    description: 'The account of the access token.',
    ok: { description: 'The signed-in user', schema: userSchema },
  })
  me(@CurrentUser() principal: Principal): Promise<UserDto> {
    return this.account.me(principal);
  }

  @Patch('me')
  @SignedIn()
  @Operation({
    id: 'updateMe',
    summary: "Update the caller's name, phone or date of birth",
    description: '`null` clears `phone` or `dateOfBirth`. A doctor’s new name sends a verified profile back to `pending`.',
    ok: { description: 'The updated user', schema: userSchema },
  })
  updateMe(@CurrentUser() principal: Principal, @ValidBody(inputs.updateMeSchema) body: inputs.UpdateMeInput, @Client() client: ClientContext): Promise<UserDto> {
    return this.account.update(principal, body, client);
  }

  @Post('change-password')
  @SignedIn()
  @Operation({
    id: 'changePassword',
    summary: "Change the caller's password",
    description: 'A wrong current password counts toward the lockout like a failed sign-in. Other sessions end, and access tokens issued before the change (the caller’s too) are refused: refresh once.',
    ok: { description: 'Password changed; other sessions ended' },
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'],
  })
  changePassword(@CurrentUser() principal: Principal, @ValidBody(inputs.changePasswordSchema) body: inputs.ChangePasswordInput, @Client() client: ClientContext): Promise<void> {
    return this.account.changePassword(principal, body, client);
  }

  @Post('password-reset/request')
  @Public()
  @Operation({
    id: 'requestPasswordReset',
    summary: 'E-mail a password-reset link',
    description: 'Always 202, whether or not the account exists. The link carries a one-time token valid for `PASSWORD_RESET_TTL`; a new request makes earlier links stop working.',
    ok: { status: 202, description: 'Always accepted; a link is e-mailed if the account exists' },
  })
  requestReset(@ValidBody(inputs.resetRequestSchema) body: inputs.ResetRequestInput, @Client() client: ClientContext): Promise<void> {
    return this.resets.request(body, client);
  }

  @Post('password-reset/confirm')
  @Public()
  @Operation({
    id: 'confirmPasswordReset',
    summary: 'Set a new password with a reset token',
    description: 'An unknown, used or expired token is 401 `UNAUTHENTICATED`. Every session ends, and the account’s lockout is lifted.',
    ok: { description: 'Password set; every session ended' },
    errors: ['UNAUTHENTICATED'],
  })
  confirmReset(@ValidBody(inputs.resetConfirmSchema) body: inputs.ResetConfirmInput, @Client() client: ClientContext): Promise<void> {
    return this.resets.confirm(body, client);
  }
}
