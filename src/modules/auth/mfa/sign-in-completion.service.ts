import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/audit.service.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import type { SessionDto } from '../dto/session.outputs.js';
import { LoginLockout, type LockoutSubject } from '../login-lockout.service.js';
import { hashOpaqueToken, newOpaqueToken } from '../opaque-tokens.js';
import { SessionIssuer } from '../session-issuer.service.js';
import type { UserRow } from '../users.repository.js';
import type { MfaChallengeDto } from './dto/mfa.outputs.js';
import { MfaRepository } from './mfa.repository.js';

/** How long a sign-in waits for its second factor. */
export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60;

/**
 * What a sign-in whose password checked out gets: a session, or, when the account has a
 * confirmed second factor, a challenge to answer at POST /auth/mfa/verify.
 */
@Injectable()
export class SignInCompletion {
  constructor(
    private readonly factors: MfaRepository,
    private readonly issuer: SessionIssuer,
    private readonly lockout: LoginLockout,
    private readonly audit: AuditService,
  ) {}

  async afterPassword(user: UserRow, subject: LockoutSubject, client: ClientContext): Promise<SessionDto | MfaChallengeDto> {
    const actor = { id: user.id, role: user.role };
    if (await this.factors.isEnrolled(user.id)) {
      // The attempt stays counted until the code passes too (LoginLockout.firstFactorPassed).
      this.lockout.firstFactorPassed(subject);
      const challenge = newOpaqueToken();
      await this.factors.createChallenge(user.id, hashOpaqueToken(challenge), new Date(Date.now() + MFA_CHALLENGE_TTL_SECONDS * 1000));
      await this.audit.record({ action: 'auth.mfa_challenge', outcome: 'success', actor, resource: { type: 'user', id: user.id }, client });
      return { mfaRequired: true, challenge };
    }
    await this.lockout.succeeded(subject);
    const session = await this.issuer.start(user);
    await this.audit.record({ action: 'auth.login', outcome: 'success', actor, resource: { type: 'user', id: user.id }, client });
    return session;
  }
}
