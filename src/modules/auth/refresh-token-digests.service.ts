import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';
import { hashOpaqueToken } from './opaque-tokens.js';

/** HMAC-SHA256 of a refresh token under `secret`, as the database stores it. */
export function refreshTokenDigest(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token, 'utf8').digest('base64url');
}

/**
 * What `refresh_tokens.token_hash` holds: HMAC-SHA256 under JWT_REFRESH_SECRET, so a copy of
 * the database alone cannot confirm whether a token (from a log, a device, a guess) is live.
 *
 * A presented token is looked up under every digest it may be stored under, in one query:
 * - the current secret;
 * - JWT_REFRESH_SECRET_PREVIOUS, when set: sessions from before a rotation keep working;
 * - plain SHA-256, for sessions started before refresh tokens were keyed. Each is accepted
 *   once: its successor is stored under the current secret, and a replay of it is still
 *   reuse. These rows are gone once REFRESH_TOKEN_TTL has passed since the upgrade; the
 *   lookup can then be dropped.
 */
@Injectable()
export class RefreshTokenDigests {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'jwt'>) {}

  /** The digest a new refresh token is stored under. */
  digest(token: string): string {
    return refreshTokenDigest(this.config.jwt.refreshSecret, token);
  }

  /** Every digest a presented refresh token may be stored under. */
  candidates(token: string): string[] {
    const previous = this.config.jwt.previousRefreshSecret;
    return [this.digest(token), ...(previous ? [refreshTokenDigest(previous, token)] : []), hashOpaqueToken(token)];
  }
}
