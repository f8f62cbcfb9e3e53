import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '../../common/audit/audit.service.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { mapDatabaseError } from '../../common/errors/database-errors.js';
import { LOGGER } from '../../common/logging/logger.js';
import type { AppConfig } from '../../config/config.js';
import { PasswordHasher, passwordProblem } from './password-hasher.service.js';
import { EMAIL_MAX_LENGTH } from './dto/auth.inputs.js';
import { UsersRepository } from './users.repository.js';

export type EnsureAdminResult = 'created' | 'exists';

export class AdminAccountError extends Error {
  override name = 'AdminAccountError';
}

/**
 * Admins exist only through configuration (ADMIN_EMAIL/ADMIN_PASSWORD at start-up) and the
 * `npm run admin:create` command, never through the API. An existing admin is left as it is
 * (its password may have been changed since); an existing non-admin account with that
 * e-mail is never promoted, since anyone could have registered it.
 */
@Injectable()
export class AdminAccounts implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const result = await this.ensure(this.config.admin.email, this.config.admin.password, 'startup');
    this.logger.info({ result }, 'admin account from ADMIN_EMAIL ensured');
  }

  async ensure(email: string, password: string, source: 'startup' | 'cli', attempt = 1): Promise<EnsureAdminResult> {
    // The bound every e-mail address has (auth.inputs.ts), so `User.email` keeps its documented maxLength.
    if (email.length > EMAIL_MAX_LENGTH) throw new AdminAccountError(`The admin e-mail must be at most ${EMAIL_MAX_LENGTH} characters.`);
    const problem = passwordProblem(password);
    if (problem) throw new AdminAccountError(`The admin password ${problem}.`);
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.role === 'admin') return 'exists';
      throw new AdminAccountError(`${email} is already registered as a ${existing.role}; choose another e-mail for the admin.`);
    }
    const passwordHash = await this.hasher.hash(password);
    let user;
    try {
      user = await this.users.createAccount({ email, passwordHash, fullName: 'Administrator', role: 'admin' });
    } catch (error) {
      // Several instances starting together: one inserts, the others find it on a second look.
      if (mapDatabaseError(error)?.code === 'EMAIL_TAKEN' && attempt === 1) return this.ensure(email, password, source, 2);
      throw error;
    }
    await this.audit.record({ action: 'auth.admin_create', outcome: 'success', resource: { type: 'user', id: user.id }, details: { source } });
    return 'created';
  }
}
