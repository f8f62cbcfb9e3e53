import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, SignedIn } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { NoContent, PostOk } from '../../common/http/responses.js';
import { toOpenApiSchema, ValidBody } from '../../common/validation/zod-validation.js';
import { AccountService } from './account.service.js';
import { AuthService } from './auth.service.js';
import * as inputs from './dto/auth.inputs.js';
import { sessionSchema, type SessionDto } from './dto/session.outputs.js';
import { userSchema, type UserDto } from './dto/user.outputs.js';
import { PasswordResetService } from './password-reset.service.js';
import { RegistrationService } from './registration.service.js';

const session = { schema: toOpenApiSchema(sessionSchema, 'output') };
const user = { schema: toOpenApiSchema(userSchema, 'output') };

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
  @ApiCreatedResponse({ description: 'Account created and signed in', ...session })
  register(@ValidBody(inputs.registerSchema) body: inputs.RegisterInput, @Client() client: ClientContext): Promise<SessionDto> {
    return this.registration.register(body, client);
  }

  @Post('login')
  @Public()
  @PostOk({ description: 'Signed in', ...session })
  login(@ValidBody(inputs.loginSchema) body: inputs.LoginInput, @Client() client: ClientContext): Promise<SessionDto> {
    return this.auth.login(body, client);
  }

  @Post('refresh')
  @Public()
  @PostOk({ description: 'A new session; the presented refresh token is spent', ...session })
  refresh(@ValidBody(inputs.refreshSchema) body: inputs.RefreshInput, @Client() client: ClientContext): Promise<SessionDto> {
    return this.auth.refresh(body, client);
  }

  @Post('logout')
  @Public()
  @NoContent('That session has ended')
  logout(@ValidBody(inputs.refreshSchema) body: inputs.RefreshInput, @Client() client: ClientContext): Promise<void> {
    return this.auth.logout(body, client);
  }

  @Post('logout-all')
  @SignedIn()
  @NoContent('Every session ended; earlier access tokens are refused')
  logoutAll(@CurrentUser() principal: Principal, @Client() client: ClientContext): Promise<void> {
    return this.account.logoutAll(principal, client);
  }

  @Get('me')
  @SignedIn()
  @ApiOkResponse({ description: 'The signed-in user', ...user })
  me(@CurrentUser() principal: Principal): Promise<UserDto> {
    return this.account.me(principal);
  }

  @Patch('me')
  @SignedIn()
  @ApiOkResponse({ description: 'The updated user', ...user })
  updateMe(@CurrentUser() principal: Principal, @ValidBody(inputs.updateMeSchema) body: inputs.UpdateMeInput, @Client() client: ClientContext): Promise<UserDto> {
    return this.account.update(principal, body, client);
  }

  @Post('change-password')
  @SignedIn()
  @NoContent('Password changed; other sessions ended')
  changePassword(@CurrentUser() principal: Principal, @ValidBody(inputs.changePasswordSchema) body: inputs.ChangePasswordInput, @Client() client: ClientContext): Promise<void> {
    return this.account.changePassword(principal, body, client);
  }

  @Post('password-reset/request')
  @Public()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Always accepted; a link is e-mailed if the account exists' })
  requestReset(@ValidBody(inputs.resetRequestSchema) body: inputs.ResetRequestInput, @Client() client: ClientContext): Promise<void> {
    return this.resets.request(body, client);
  }

  @Post('password-reset/confirm')
  @Public()
  @NoContent('Password set; every session ended')
  confirmReset(@ValidBody(inputs.resetConfirmSchema) body: inputs.ResetConfirmInput, @Client() client: ClientContext): Promise<void> {
    return this.resets.confirm(body, client);
  }
}
