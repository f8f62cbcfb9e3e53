import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/audit.service.js';
import { AppError } from '../../../common/errors/app-error.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import type { SessionDto } from '../dto/session.outputs.js';
import { hashOpaqueToken } from '../opaque-tokens.js';
import { SessionIssuer } from '../session-issuer.service.js';
import { UsersRepository } from '../users.repository.js';
import type { VerifyMfaInput } from './dto/mfa.inputs.js';
import { MfaRepository } from './mfa.repository.js';
import { SecondFactor } from './second-factor.service.js';

const CHALLENGE_ENDED = () => new AppError('UNAUTHENTICATED', { detail: 'The challenge is not valid or has expired; sign in again.' });

/** The second step of a sign-in: a challenge and a code give the session. */
@Injectable()
export class MfaVerification {
  constructor(
    private readonly factors: MfaRepository,
    private readonly users: UsersRepository,
    private readonly secondFactor: SecondFactor,
    private readonly issuer: SessionIssuer,
    private readonly audit: AuditService,
  ) {}

  async verify(input: VerifyMfaInput, client: ClientContext): Promise<SessionDto> {
    const challengeHash = hashOpaqueToken(input.challenge);
    const userId = await this.factors.challengeUser(challengeHash);
    const user = userId ? await this.users.findById(userId) : null;
    if (!user) throw CHALLENGE_ENDED();
    const actor = { id: user.id, role: user.role };
    const factor = await this.secondFactor.attempt(actor, 'auth.mfa_verify', client, async () => (await this.secondFactor.spend(user.id, input)) ?? 'wrong_code');
    // Two requests with one challenge and two good codes: one session.
    if (!(await this.factors.spendChallenge(challengeHash))) throw CHALLENGE_ENDED();
    const session = await this.issuer.start(user, true);
    await this.audit.record({ action: 'auth.mfa_verify', outcome: 'success', actor, resource: { type: 'user', id: user.id }, client, details: { factor } });
    await this.audit.record({ action: 'auth.login', outcome: 'success', actor, resource: { type: 'user', id: user.id }, client, details: { factor } });
    return session;
  }
}
