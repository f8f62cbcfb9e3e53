import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/audit.service.js';
import type { Principal } from '../../../common/auth/principal.js';
import { AppError } from '../../../common/errors/app-error.js';
import { sharedDetails } from '../../../common/errors/catalog.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { PasswordHasher } from '../password-hasher.service.js';
import { SessionsRepository } from '../sessions.repository.js';
import { TokenRevocation } from '../token-revocation.service.js';
import { UsersRepository, type UserRow } from '../users.repository.js';
import type { DisableMfaInput, ConfirmTotpInput } from './dto/mfa.inputs.js';
import type { RecoveryCodesDto, TotpEnrolmentDto } from './dto/mfa.outputs.js';
import { MfaRepository } from './mfa.repository.js';
import { SecondFactor } from './second-factor.service.js';
import { matchingStep, newRecoveryCodes, newTotpSecret, totpQrSvg, totpUri } from './totp.js';

const ALREADY_ENROLLED = () => new AppError('MFA_ALREADY_ENROLLED', { detail: 'A second factor is already enrolled; remove it first (DELETE /api/v1/auth/mfa).' });
const NOT_ENROLLED = (detail: string) => new AppError('MFA_NOT_ENROLLED', { detail });

/**
 * Enrolling, confirming and removing a TOTP factor. Enrolment is two steps, so a factor only
 * counts once the user has shown a code from it; the secret is encrypted at rest.
 */
@Injectable()
export class MfaEnrolment {
  constructor(
    private readonly factors: MfaRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly secondFactor: SecondFactor,
    private readonly sessions: SessionsRepository,
    private readonly revocation: TokenRevocation,
    private readonly audit: AuditService,
  ) {}

  /** A new secret (replacing an unconfirmed one), as an `otpauth://` URI and its QR code. */
  async enrol(principal: Principal, client: ClientContext): Promise<TotpEnrolmentDto> {
    const user = await this.load(principal.userId);
    const secret = newTotpSecret();
    if (!(await this.factors.startEnrolment(user.id, secret))) throw ALREADY_ENROLLED();
    await this.audit.recordBy(principal, client, { action: 'auth.mfa_enrol', outcome: 'success', resource: { type: 'user', id: user.id } });
    const uri = totpUri(secret, user.email);
    return { uri, qrSvg: await totpQrSvg(uri) };
  }

  /** The first code from the app confirms the factor; returns ten recovery codes, shown only now. */
  async confirm(principal: Principal, input: ConfirmTotpInput, client: ClientContext): Promise<RecoveryCodesDto> {
    const factor = await this.factors.factor(principal.userId);
    if (!factor) throw NOT_ENROLLED('Start with POST /api/v1/auth/mfa/totp.');
    if (factor.confirmed) throw ALREADY_ENROLLED();
    const actor = { id: principal.userId, role: principal.role };
    const recoveryCodes = newRecoveryCodes();
    await this.secondFactor.attempt(actor, 'auth.mfa_confirm', client, async () => {
      const step = matchingStep(factor.secret, input.code);
      const hashes = recoveryCodes.map((code) => this.secondFactor.recoveryCodeDigest(code));
      return step !== null && (await this.factors.acceptStep(principal.userId, step, { recoveryCodeHashes: hashes })) ? true : 'wrong_code';
    });
    await this.audit.recordBy(principal, client, { action: 'auth.mfa_confirm', outcome: 'success', resource: { type: 'user', id: principal.userId } });
    return { recoveryCodes };
  }

  /**
   * Removes the factor, with the password and a code (or a recovery code) as proof. Every
   * session ends, the caller's too: a session opened with the factor must not outlive it.
   */
  async disable(principal: Principal, input: DisableMfaInput, client: ClientContext): Promise<void> {
    const user = await this.load(principal.userId);
    if (!(await this.factors.isEnrolled(user.id))) throw NOT_ENROLLED('No second factor is enrolled.');
    const actor = { id: user.id, role: principal.role };
    await this.secondFactor.attempt(actor, 'auth.mfa_disable', client, async () => {
      if (!(await this.hasher.verify(input.password, user.passwordHash))) return 'wrong_password';
      return (await this.secondFactor.spend(user.id, input)) ?? 'wrong_code';
    });
    await this.factors.remove(user.id);
    const now = new Date();
    const ended = await this.sessions.endAll({ userId: user.id, reason: 'mfa_removed', validAfter: now });
    await this.revocation.revokeBefore(user.id, now.getTime());
    await this.audit.recordBy(principal, client, { action: 'auth.mfa_disable', outcome: 'success', resource: { type: 'user', id: user.id }, details: { sessionsEnded: ended } });
  }

  private async load(userId: string): Promise<UserRow> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', { detail: sharedDetails.accountGone });
    return user;
  }
}
