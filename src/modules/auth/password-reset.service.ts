import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '../../common/audit/audit.service.js';
import { TokenRevocation } from './token-revocation.service.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { errorSummary, LOGGER } from '../../common/logging/logger.js';
import type { ResetConfirmInput, ResetRequestInput } from './dto/auth.inputs.js';
import { accountSubject, LoginLockout } from './login-lockout.service.js';
import { hashOpaqueToken } from './opaque-tokens.js';
import { PasswordHasher } from './password-hasher.service.js';
import { PasswordResetLinks } from './password-reset-links.service.js';
import { PasswordResetsRepository } from './password-resets.repository.js';

/** A forgotten password: a link by mail (PasswordResetLinks), then a new password for its token. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly links: PasswordResetLinks,
    private readonly resets: PasswordResetsRepository,
    private readonly hasher: PasswordHasher,
    private readonly revocation: TokenRevocation,
    private readonly audit: AuditService,
    private readonly lockout: LoginLockout,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Always "accepted": whether an account exists is not revealed, not even by timing, since
   * the token and the mail are produced after the response has been decided (not awaited).
   */
  async request(input: ResetRequestInput, client: ClientContext): Promise<void> {
    void this.links.send(input.email, client).catch((error: unknown) =>
      this.logger.error({ err: errorSummary(error) }, 'password reset mail failed'),
    );
  }

  async confirm(input: ResetConfirmInput, client: ClientContext): Promise<void> {
    // Wall time, not the Clock: it is compared with access tokens' `iat_ms`, which the issuer
    // stamps from Date.now() (tests move the Clock to other days; token ages must not move with it).
    const now = new Date();
    const passwordHash = await this.hasher.hash(input.newPassword);
    // The success row commits with the new password or not at all.
    const user = await this.resets.consume(hashOpaqueToken(input.token), passwordHash, now, (tx, changed) =>
      this.audit.record({ action: 'auth.password_reset', outcome: 'success', actor: { id: changed.id, role: changed.role }, resource: { type: 'user', id: changed.id }, client }, tx),
    );
    if (!user) {
      await this.audit.record({ action: 'auth.password_reset', outcome: 'failure', resource: { type: 'user' }, client, details: { reason: 'invalid_or_expired_token' } });
      throw new AppError('UNAUTHENTICATED', { detail: 'The reset token is not valid or has expired; request a new one.' });
    }
    await this.revocation.revokeBefore(user.id, now.getTime());
    // Whoever can read the account's mailbox has proven more than a password would.
    await this.lockout.clear(accountSubject(user.id));
  }
}
