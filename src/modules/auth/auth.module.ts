import { AccountDeletionRepository } from './deletion/account-deletion.repository.js';
import { AccountDeletion } from './deletion/account-deletion.service.js';
import { AccountErasure } from './deletion/account-erasure.service.js';
import { MeController } from './deletion/me.controller.js';
import { TokenRevocation } from './token-revocation.service.js';
import { AccessTokenIssuer } from './access-token-issuer.service.js';
import { Module } from '@nestjs/common';
import { AccountService } from './account.service.js';
import { AdminAccounts } from './admin-accounts.service.js';
import { AuthTasks } from './auth.tasks.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginFailuresRepository } from './login-failures.repository.js';
import { LoginLockout } from './login-lockout.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { PasswordResetLinks } from './password-reset-links.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { PasswordResetsRepository } from './password-resets.repository.js';
import { RefreshTokenDigests } from './refresh-token-digests.service.js';
import { RefreshTokens } from './refresh-tokens.service.js';
import { RegistrationService } from './registration.service.js';
import { SessionIssuer } from './session-issuer.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersRepository } from './users.repository.js';
import { MfaController } from './mfa/mfa.controller.js';
import { MfaEnrolment } from './mfa/mfa-enrolment.service.js';
import { MfaRepository } from './mfa/mfa.repository.js';
import { MfaVerification } from './mfa/mfa-verification.service.js';
import { SecondFactor } from './mfa/second-factor.service.js';
import { SignInCompletion } from './mfa/sign-in-completion.service.js';

@Module({
  controllers: [AuthController, MfaController, MeController],
  providers: [
    RegistrationService,
    AuthService,
    AccountService,
    PasswordResetService,
    PasswordResetLinks,
    AdminAccounts,
    SessionIssuer,
    TokenRevocation,
    AccessTokenIssuer,
    RefreshTokenDigests,
    RefreshTokens,
    PasswordHasher,
    LoginLockout,
    LoginFailuresRepository,
    UsersRepository,
    SessionsRepository,
    PasswordResetsRepository,
    AuthTasks,
    MfaRepository,
    SecondFactor,
    SignInCompletion,
    MfaEnrolment,
    MfaVerification,
    AccountDeletionRepository,
    AccountErasure,
    AccountDeletion,
  ],
})
export class AuthModule {}
