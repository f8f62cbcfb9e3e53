import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service.js';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { MAIL, type MailPort } from '../../common/mail/mail.port.js';
import type { AppConfig } from '../../config/config.js';
import { accountSubject } from './login-lockout.service.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-tokens.js';
import { PasswordResetsRepository } from './password-resets.repository.js';
import { UsersRepository } from './users.repository.js';

const RESET_MAILS_PER_WINDOW = 3;
const RESET_MAIL_WINDOW_SECONDS = 15 * 60;

/**
 * The first half of a password reset: a single-use token stored as its hash and mailed as a
 * link, at most RESET_MAILS_PER_WINDOW mails per account per window. While the cache is down
 * the cap cannot be checked, so no mail goes out (the failure reaches the caller's log).
 */
@Injectable()
export class PasswordResetLinks {
  constructor(
    private readonly users: UsersRepository,
    private readonly resets: PasswordResetsRepository,
    private readonly audit: AuditService,
    @Inject(MAIL) private readonly mail: MailPort,
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Mails `email`'s account a reset link, unless it has no account or had its share of mails already. */
  async send(email: string, client: ClientContext): Promise<void> {
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
