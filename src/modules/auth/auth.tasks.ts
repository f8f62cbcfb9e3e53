import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { PeriodicTaskRunner } from '../../common/periodic/periodic-task.runner.js';
import type { AppConfig } from '../../config/config.js';
import { MfaRepository } from './mfa/mfa.repository.js';
import { PasswordResetsRepository } from './password-resets.repository.js';
import { SessionsRepository } from './sessions.repository.js';

/** Auth's periodic tasks, by the names `runOnce` and the logs use. */
export const AuthTask = {
  PurgeSessions: 'auth.purge-sessions',
  PurgePasswordResets: 'auth.purge-password-resets',
  PurgeMfaChallenges: 'auth.purge-mfa-challenges',
} as const;

/** Registers auth's purges with the application's periodic-task runner. */
@Injectable()
export class AuthTasks implements OnModuleInit {
  constructor(
    private readonly runner: PeriodicTaskRunner,
    private readonly sessions: SessionsRepository,
    private readonly resets: PasswordResetsRepository,
    private readonly mfa: MfaRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // An ended session's tokens are kept one refresh-token lifetime, so a replay of one is
    // still reported as reuse for at least as long as the token could have lived.
    const graceSeconds = this.config.auth.refreshTokenTtlSeconds;
    this.runner.registerPurge(AuthTask.PurgeSessions, (limit) => this.sessions.purgeEnded(graceSeconds, limit));
    this.runner.registerPurge(AuthTask.PurgePasswordResets, async (limit) => ({ passwordResetTokens: await this.resets.purgeDead(limit) }));
    this.runner.registerPurge(AuthTask.PurgeMfaChallenges, async (limit) => ({ mfaChallenges: await this.mfa.purgeDead(limit) }));
  }
}
