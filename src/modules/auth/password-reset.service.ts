import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '../../common/audit/audit.service.js';
import { TokenValidity } from '../../common/auth/token-validity.service.js';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { LOGGER } from '../../common/logging/logger.js';
import { MAIL, type MailPort } from '../../common/mail/mail.port.js';
import type { AppConfig } from '../../config/config.js';
import type { ResetConfirmInput, ResetRequestInput } from './dto/auth.inputs.js';
import { accountSubject, LoginLockout } from './login-lockout.service.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-tokens.js';
import { PasswordHasher } from './password-hasher.service.js';
import { PasswordResetsRepository } from './password-resets.repository.js';
import { UsersRepository } from './users.repository.js';

const RESET_MAILS_PER_WINDOW = 3;
const RESET_MAIL_WINDOW_SECONDS = 15 * 60;

@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UsersRepository,
    private readonly resets: PasswordResetsRepository,
    private readonly hasher: PasswordHasher,
    private readonly validity: TokenValidity,
    private readonly audit: AuditService,
    @Inject(MAIL) private readonly mail: MailPort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CACHE) private readonly cache: CachePort,
    private readonly lockout: LoginLockout,
  ) {}

  /**
   * Always "accepted": whether an account exists is not revealed, not even by timing, since
   * the token and the mail are produced after the response has been decided (not awaited).
   */
  async request(input: ResetRequestInput, client: ClientContext): Promise<void> {
    void this.sendLink(input.email, client).catch((error: unknown) =>
      this.logger.error({ err: { message: (error as Error).message }, reqId: client.requestId }, 'password reset mail failed'),
    );
  }

  async confirm(input: ResetConfirmInput, client: ClientContext): Promise<void> {
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
    await this.validity.revokeBefore(user.id, now.getTime());
    // Whoever can read the account's mailbox has proven more than a password would.
    await this.lockout.clear(accountSubject(user.id));
  }

  private async sendLink(email: string, client: ClientContext): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    // Nobody can flood a mailbox with reset mails, whatever addresses they send from and
    // however they spell the e-mail: counted per account, like the lockout.
    const { count } = await this.cache.increment(`auth:reset-mails:${accountSubject(user.id).key}`, RESET_MAIL_WINDOW_SECONDS);
    if (count > RESET_MAILS_PER_WINDOW) {
      await this.audit.record({ action: 'auth.password_reset_request', outcome: 'denied', actor: { id: user.id, role: user.role }, resource: { type: 'user', id: user.id }, client, details: { reason: 'too_many_requests' } });
      return;
    }
    const token = newOpaqueToken();
    const ttlSeconds = this.config.auth.passwordResetTtlSeconds;
    await this.resets.create(user.id, hashOpaqueToken(token), new Date(Date.now() + ttlSeconds * 1000));
    await this.audit.record({ action: 'auth.password_reset_request', outcome: 'success', actor: { id: user.id, role: user.role }, resource: { type: 'user', id: user.id }, client });
    // A fragment, not a query: browsers never send it to servers, so it stays out of access logs.
    const link = `${this.config.mail.publicAppUrl}/reset-password#token=${token}`;
    await this.mail.send({
      to: user.email,
      subject: 'Reset your iHosi password',
      text: `Someone asked to reset the password of your iHosi account.\n\nTo choose a new password, open this link within ${Math.round(ttlSeconds / 60)} minutes:\n${link}\n\nIf it was not you, ignore this e-mail; your password stays as it is.`,
      secrets: [token],
    });
  }
}
