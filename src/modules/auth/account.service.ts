import { Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { TokenRevocation } from './token-revocation.service.js';
import { AppError } from '../../common/errors/app-error.js';
import { sharedDetails } from '../../common/errors/catalog.js';
import { EventBus } from '../../common/events/event-bus.service.js';
import type { ClientContext } from '../../common/http/client-context.js';
import type { ChangePasswordInput, UpdateMeInput } from './dto/auth.inputs.js';
import { toUserDto, type UserDto } from './dto/user.outputs.js';
import { accountLockedError, accountSubject, LoginLockout } from './login-lockout.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersRepository, type UserRow } from './users.repository.js';

/** The signed-in user's own account: profile, password, and ending sessions. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly revocation: TokenRevocation,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly lockout: LoginLockout,
  ) {}

  async me(principal: Principal): Promise<UserDto> {
    return toUserDto(await this.load(principal.userId));
  }

  async update(principal: Principal, patch: UpdateMeInput, client: ClientContext): Promise<UserDto> {
    const user = await this.users.updateProfile(principal.userId, patch);
    if (!user) throw gone();
    // A doctor's name is on every directory card and profile (the doctors module listens).
    await this.events.emit('user.profileChanged', { userId: user.id, role: principal.role, fields: Object.keys(patch).filter((field) => patch[field as keyof UpdateMeInput] !== undefined) });
    await this.audit.recordBy(principal, client, { action: 'user.profile_update', outcome: 'success', resource: { type: 'user', id: user.id }, details: { fields: Object.keys(patch).sort().join(',') } });
    return toUserDto(user);
  }

  /** Every session ends and every access token issued until now is refused. */
  async logoutAll(principal: Principal, client: ClientContext): Promise<void> {
    const now = new Date();
    const ended = await this.sessions.endAll({ userId: principal.userId, reason: 'logout_all', validAfter: now });
    await this.revocation.revokeBefore(principal.userId, now.getTime());
    await this.audit.recordBy(principal, client, { action: 'auth.logout_all', outcome: 'success', resource: { type: 'user', id: principal.userId }, details: { sessionsEnded: ended } });
  }

  /**
   * Other sessions end; this one keeps its refresh token, but its access token (like every
   * token issued before now) is refused, so the client refreshes once. The current password is
   * checked under the account's lockout, as a sign-in is: a stolen access token must not
   * become a way around it.
   */
  async changePassword(principal: Principal, input: ChangePasswordInput, client: ClientContext): Promise<void> {
    const user = await this.load(principal.userId);
    const resource = { type: 'user', id: user.id };
    const subject = accountSubject(user.id);
    const verdict = await this.lockout.begin(subject);
    if (!verdict.allowed) {
      await this.audit.recordBy(principal, client, { action: 'auth.password_change', outcome: 'denied', resource, details: { reason: 'account_locked' } });
      throw accountLockedError(verdict.retryAfterSeconds);
    }
    if (!(await this.hasher.verify(input.currentPassword, user.passwordHash))) {
      const lockedNow = await this.lockout.failed(subject, () =>
        this.audit.recordBy(principal, client, { action: 'auth.password_change', outcome: 'failure', resource, details: { reason: 'wrong_current_password' } }),
      );
      if (lockedNow) await this.audit.recordBy(principal, client, { action: 'auth.lockout', outcome: 'success', resource });
      throw new AppError('INVALID_CREDENTIALS', { detail: 'The current password is wrong.' });
    }
    await this.lockout.succeeded(subject);
    const now = new Date();
    await this.sessions.endAll({
      userId: user.id,
      reason: 'password_change',
      validAfter: now,
      exceptFamilyId: principal.sessionId,
      newPasswordHash: await this.hasher.hash(input.newPassword),
      // The success row commits with the new password or not at all.
      alsoInTransaction: (tx) => this.audit.recordBy(principal, client, { action: 'auth.password_change', outcome: 'success', resource }, tx),
    });
    await this.revocation.revokeBefore(user.id, now.getTime());
  }

  private async load(userId: string): Promise<UserRow> {
    const user = await this.users.findById(userId);
    if (!user) throw gone();
    return user;
  }
}

function gone(): AppError {
  return new AppError('UNAUTHENTICATED', { detail: sharedDetails.accountGone });
}
