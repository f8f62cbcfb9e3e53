import { Inject, Injectable } from '@nestjs/common';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { hashTag } from '../cache/hash-tags.js';
import { TokenValidityRepository } from './token-validity.repository.js';

const GONE = 'gone';
/**
 * How long an entry read from the database stays cached. Short, because a reader racing a
 * logout-all could cache the old instant; an explicit revocation (`TokenRevocation` in the
 * auth module) is cached for a whole access-token lifetime (older tokens have expired by then
 * anyway).
 */
const FILL_TTL_SECONDS = 30;

/**
 * Each user's "valid after" instant: access tokens issued before it are refused. The
 * database (users.tokens_valid_after) is the truth; the cache (shared Redis when configured)
 * saves a query per request and carries a logout-all to every instance at once. This side
 * only reads; the auth module, which ends sessions, writes the marks (`TokenRevocation`).
 */
@Injectable()
export class TokenValidity {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    private readonly repository: TokenValidityRepository,
  ) {}

  /**
   * True when a token issued at `issuedAtMs` for this user and session may still be used. A
   * token of the very millisecond of a logout-all is refused: which came first cannot be told,
   * and a token issued just after it only costs its holder a refresh.
   */
  async accepts(userId: string, sessionId: string, issuedAtMs: number): Promise<boolean> {
    const [validAfter, sessionEnded] = await Promise.all([this.validAfterMs(userId), this.cache.get(endedSessionKey(userId, sessionId)).catch(() => null)]);
    return validAfter !== null && issuedAtMs > validAfter && sessionEnded === null;
  }

  private async validAfterMs(userId: string): Promise<number | null> {
    const cached = await this.cache.get(validAfterKey(userId)).catch(() => null);
    if (cached !== null) return cached === GONE ? null : Number(cached);
    const fromDb = await this.repository.validAfterMs(userId);
    await this.cache.set(validAfterKey(userId), fromDb === null ? GONE : String(fromDb), FILL_TTL_SECONDS).catch(() => undefined);
    return fromDb;
  }
}

// Every request reads both entries of its user, so they share the user's hash tag: one slot
// of a Redis Cluster, readable in one round trip.

/** The cache entry that refuses the access tokens of an ended session. */
export function endedSessionKey(userId: string, sessionId: string): string {
  return `auth:${hashTag(`user:${userId}`)}:session-ended:${sessionId}`;
}

/** The cache entry holding a user's "valid after" instant (ms), or `gone` for no such user. */
export function validAfterKey(userId: string): string {
  return `auth:${hashTag(`user:${userId}`)}:valid-after`;
}
