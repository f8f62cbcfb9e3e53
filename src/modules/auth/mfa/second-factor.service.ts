import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/audit.service.js';
import type { Role } from '../../../common/auth/policy.js';
import { AppError } from '../../../common/errors/app-error.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { accountLockedError, accountSubject, LoginLockout } from '../login-lockout.service.js';
import { RefreshTokenDigests } from '../refresh-token-digests.service.js';
import { MfaRepository } from './mfa.repository.js';
import { matchingStep, normaliseRecoveryCode } from './totp.js';

export type FactorUsed = 'totp' | 'recovery_code';
export type CheckFailure = 'wrong_code' | 'wrong_password';

/**
 * Checking a second factor: a TOTP code (accepted once: its time step must be newer than the
 * last one accepted) or an unused recovery code. Every check runs under the account's
 * sign-in lockout, so wrong codes count like wrong passwords.
 */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly factors: MfaRepository,
    private readonly digests: RefreshTokenDigests,
    private readonly lockout: LoginLockout,
    private readonly audit: AuditService,
  ) {}

  /** Spends the code if it is good for the user's confirmed factor; null when it is not. */
  async spend(userId: string, input: { code?: string | undefined; recoveryCode?: string | undefined }): Promise<FactorUsed | null> {
    if (input.recoveryCode !== undefined) {
      const spent = await this.factors.spendRecoveryCode(userId, this.digests.candidates(normaliseRecoveryCode(input.recoveryCode)));
      return spent ? 'recovery_code' : null;
    }
    const factor = await this.factors.factor(userId);
    if (!factor?.confirmed || input.code === undefined) return null;
    const step = matchingStep(factor.secret, input.code);
    return step !== null && (await this.factors.acceptStep(userId, step)) ? 'totp' : null;
  }

  /** The digest a recovery code is stored under. */
  recoveryCodeDigest(code: string): string {
    return this.digests.digest(normaliseRecoveryCode(code));
  }

  /**
   * Runs `check` as one attempt of the account's lockout: 429 ACCOUNT_LOCKED while locked; a
   * failure counts, is audited as `action` with outcome `failure`, and answers 401
   * INVALID_MFA_CODE (INVALID_CREDENTIALS for a wrong password); a success forgives earlier failures.
   */
  async attempt<T>(actor: { id: string; role: Role }, action: string, client: ClientContext, check: () => Promise<T | CheckFailure>): Promise<T> {
    const subject = accountSubject(actor.id);
    const verdict = await this.lockout.begin(subject);
    const resource = { type: 'user', id: actor.id };
    if (!verdict.allowed) {
      await this.audit.record({ action, outcome: 'denied', actor, resource, client, details: { reason: 'account_locked' } });
      throw accountLockedError(verdict.retryAfterSeconds);
    }
    const result = await check();
    if (isFailure(result)) {
      const lockedNow = await this.lockout.failed(subject, () => this.audit.record({ action, outcome: 'failure', actor, resource, client, details: { reason: result } }));
      if (lockedNow) await this.audit.record({ action: 'auth.lockout', outcome: 'success', actor, resource, client });
      throw result === 'wrong_password'
        ? new AppError('INVALID_CREDENTIALS', { detail: 'The password is wrong.' })
        : new AppError('INVALID_MFA_CODE', { detail: 'The code is wrong, expired or already used.' });
    }
    await this.lockout.succeeded(subject);
    return result;
  }
}

function isFailure(value: unknown): value is CheckFailure {
  return value === 'wrong_code' || value === 'wrong_password';
}
