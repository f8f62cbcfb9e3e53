import { Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ClientContext } from '../../common/http/client-context.js';
import type { LoginInput, RefreshInput } from './dto/auth.inputs.js';
import type { SessionDto } from './dto/session.outputs.js';
import type { MfaChallengeDto } from './mfa/dto/mfa.outputs.js';
import { SignInCompletion } from './mfa/sign-in-completion.service.js';
import { accountLockedError, LoginLockout, signInSubject } from './login-lockout.service.js';
import { newOpaqueToken, OPAQUE_TOKEN_PATTERN } from './opaque-tokens.js';
import { PasswordHasher } from './password-hasher.service.js';
import { RefreshTokens } from './refresh-tokens.service.js';
import { SessionIssuer } from './session-issuer.service.js';
import { UsersRepository } from './users.repository.js';

const INVALID_CREDENTIALS = () => new AppError('INVALID_CREDENTIALS', { detail: 'The e-mail address or the password is wrong.' });
const SESSION_ENDED = () => new AppError('UNAUTHENTICATED', { detail: 'The refresh token is not valid; sign in again.' });

/** Sign-in and the refresh-token life cycle (sign-up: RegistrationService). */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokens,
    private readonly issuer: SessionIssuer,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
    private readonly audit: AuditService,
    private readonly completion: SignInCompletion,
  ) {}

  /**
   * Unknown e-mail and wrong password take the same path: same queries, same bcrypt work, same
   * 401, same lockout counting (by account once the address reaches one; see LockoutSubject).
   */
  async login(input: LoginInput, client: ClientContext): Promise<SessionDto | MfaChallengeDto> {
    const { user, foldedEmail } = await this.users.findForSignIn(input.email);
    const subject = signInSubject(user?.id ?? null, foldedEmail);
    const verdict = await this.lockout.begin(subject);
    if (!verdict.allowed) {
      await this.audit.record({ action: 'auth.login', outcome: 'denied', resource: { type: 'user' }, client, details: { reason: 'account_locked' } });
      throw accountLockedError(verdict.retryAfterSeconds);
    }

    const valid = user ? await this.hasher.verify(input.password, user.passwordHash) : await this.hasher.verifyAgainstDummy(input.password);
    if (!user || !valid) {
      const actor = user ? { id: user.id, role: user.role } : null;
      const lockedNow = await this.lockout.failed(subject, () =>
        this.audit.record({ action: 'auth.login', outcome: 'failure', actor, resource: { type: 'user', id: user?.id }, client, details: { reason: user ? 'wrong_password' : 'unknown_email' } }),
      );
      if (lockedNow) await this.audit.record({ action: 'auth.lockout', outcome: 'success', actor, resource: { type: 'user', id: user?.id }, client });
      throw INVALID_CREDENTIALS();
    }

    if (this.hasher.needsRehash(user.passwordHash)) await this.users.replacePasswordHash(user.id, await this.hasher.hash(input.password));
    return this.completion.afterPassword(user, subject, client);
  }

  async refresh(input: RefreshInput, client: ClientContext): Promise<SessionDto> {
    if (!OPAQUE_TOKEN_PATTERN.test(input.refreshToken)) throw SESSION_ENDED();
    const next = newOpaqueToken();
    const result = await this.refreshTokens.rotate(input.refreshToken, next);
    switch (result.kind) {
      case 'unknown':
        throw SESSION_ENDED();
      case 'ended':
        throw result.reason === 'expired' ? new AppError('TOKEN_EXPIRED', { detail: 'The session has expired; sign in again.' }) : SESSION_ENDED();
      case 'reused': {
        await this.audit.record({ action: 'auth.refresh_reuse', outcome: 'denied', actor: { id: result.userId }, resource: { type: 'session', id: result.familyId }, client });
        throw new AppError('REFRESH_TOKEN_REUSED', { detail: 'This refresh token was already used; the whole session has been ended. Sign in again.' });
      }
      case 'rotated': {
        const user = await this.users.findById(result.userId);
        if (!user) throw SESSION_ENDED();
        return this.issuer.continue(user, result.familyId, next, result.mfa);
      }
    }
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are accepted silently (idempotent). */
  async logout(input: RefreshInput, client: ClientContext): Promise<void> {
    if (!OPAQUE_TOKEN_PATTERN.test(input.refreshToken)) return;
    const ended = await this.refreshTokens.end(input.refreshToken, 'logout');
    if (ended) {
      await this.audit.record({ action: 'auth.logout', outcome: 'success', actor: { id: ended.userId }, resource: { type: 'session', id: ended.familyId }, client });
    }
  }
}
