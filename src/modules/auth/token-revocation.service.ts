import { Inject, Injectable } from '@nestjs/common';
import { endedSessionKey, validAfterKey } from '../../common/auth/token-validity.service.js';
import { BestEffortCache } from '../../common/cache/best-effort.cache.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
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
    private readonly cache: BestEffortCache,
  ) {}

  /**
   * Refuses the access tokens of one ended session (logout, refresh-token reuse) for the rest
   * of their lifetime. Only in the cache: were it lost, those tokens would merely live out
   * their short lifetime, as they would without this check.
   */
  async endSession(userId: string, sessionId: string): Promise<void> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    await this.cache.attempt((store) => store.set(endedSessionKey(userId, sessionId), '1', ttl), { consequence: 'could not cache an ended session', fallback: () => undefined });
  }

  /** Call after the database row has been updated in the same operation. */
  async revokeBefore(userId: string, instantMs: number): Promise<void> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    await this.cache.attempt((store) => store.set(validAfterKey(userId), String(instantMs), ttl), {
      consequence: 'could not cache a token revocation',
      // Readers fall back to the database when the cache fails; a stale entry expires quickly.
      fallback: () => this.cache.attempt((store) => store.delete(validAfterKey(userId)), { consequence: 'could not drop a stale token revocation', fallback: () => undefined }),
    });
  }
}
