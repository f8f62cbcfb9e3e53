import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { APP_CONFIG } from '../core/tokens.js';
import { LOGGER } from '../logging/logger.js';
import { TokenValidityRepository } from './token-validity.repository.js';

const GONE = 'gone';
/**
 * How long an entry read from the database stays cached. Short, because a reader racing a
 * logout-all could cache the old instant; an explicit `revokeBefore` is cached for a whole
 * access-token lifetime (older tokens have expired by then anyway).
 */
const FILL_TTL_SECONDS = 30;

/**
 * Each user's "valid after" instant: access tokens issued before it are refused. The
 * database (users.tokens_valid_after) is the truth; the cache (shared Redis when configured)
 * saves a query per request and carries a logout-all to every instance at once.
 */
@Injectable()
export class TokenValidity {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: TokenValidityRepository,
  ) {}

  /** True when a token issued at `issuedAtMs` for this user and session may still be used. */
  async accepts(userId: string, sessionId: string, issuedAtMs: number): Promise<boolean> {
    const [validAfter, sessionEnded] = await Promise.all([this.validAfterMs(userId), this.cache.get(sessionKey(sessionId)).catch(() => null)]);
    return validAfter !== null && issuedAtMs >= validAfter && sessionEnded === null;
  }

  /**
   * Refuses the access tokens of one ended session (logout, refresh-token reuse) for the rest
   * of their lifetime. Only in the cache: were it lost, those tokens would merely live out
   * their short lifetime, as they would without this check.
   */
  async endSession(sessionId: string): Promise<void> {
    await this.cache.set(sessionKey(sessionId), '1', this.config.auth.accessTokenTtlSeconds).catch((error: unknown) => {
      this.logger.warn({ err: { message: (error as Error).message } }, 'could not cache an ended session');
    });
  }

  /** Call after the database row has been updated in the same operation. */
  async revokeBefore(userId: string, instantMs: number): Promise<void> {
    try {
      await this.cache.set(key(userId), String(instantMs), this.config.auth.accessTokenTtlSeconds);
    } catch (error) {
      // Readers fall back to the database when the cache fails; a stale entry expires quickly.
      this.logger.warn({ err: { message: (error as Error).message } }, 'could not cache a token revocation');
      await this.cache.delete(key(userId)).catch(() => undefined);
    }
  }

  private async validAfterMs(userId: string): Promise<number | null> {
    const cached = await this.cache.get(key(userId)).catch(() => null);
    if (cached !== null) return cached === GONE ? null : Number(cached);
    const fromDb = await this.repository.validAfterMs(userId);
    await this.cache.set(key(userId), fromDb === null ? GONE : String(fromDb), FILL_TTL_SECONDS).catch(() => undefined);
    return fromDb;
  }
}

function sessionKey(sessionId: string): string {
  return `auth:session-ended:${sessionId}`;
}

function key(userId: string): string {
  return `auth:valid-after:${userId}`;
}
