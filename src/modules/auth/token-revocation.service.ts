import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { endedSessionKey, validAfterKey } from '../../common/auth/token-validity.service.js';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { LOGGER } from '../../common/logging/logger.js';
import type { AppConfig } from '../../config/config.js';

/**
 * Revokes access tokens before their expiry: the marks `TokenValidity` (common/auth) reads on
 * every request. The database row (users.tokens_valid_after, the session family) is written
 * first by the caller; these marks carry it to every instance at once.
 */
@Injectable()
export class TokenRevocation {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Refuses the access tokens of one ended session (logout, refresh-token reuse) for the rest
   * of their lifetime. Only in the cache: were it lost, those tokens would merely live out
   * their short lifetime, as they would without this check.
   */
  async endSession(userId: string, sessionId: string): Promise<void> {
    await this.cache.set(endedSessionKey(userId, sessionId), '1', this.config.auth.accessTokenTtlSeconds).catch((error: unknown) => {
      this.logger.warn({ err: { message: (error as Error).message } }, 'could not cache an ended session');
    });
  }

  /** Call after the database row has been updated in the same operation. */
  async revokeBefore(userId: string, instantMs: number): Promise<void> {
    try {
      await this.cache.set(validAfterKey(userId), String(instantMs), this.config.auth.accessTokenTtlSeconds);
    } catch (error) {
      // Readers fall back to the database when the cache fails; a stale entry expires quickly.
      this.logger.warn({ err: { message: (error as Error).message } }, 'could not cache a token revocation');
      await this.cache.delete(validAfterKey(userId)).catch(() => undefined);
    }
  }
}
