import { Inject, Injectable } from '@nestjs/common';
import { webcrypto } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../core/tokens.js';
import { AppError } from '../errors/app-error.js';
import { ROLES, type Role } from './policy.js';
import type { Principal } from './principal.js';

/** RFC 9068's media type for JWT access tokens; verification requires it. */
export const ACCESS_TOKEN_TYP = 'at+jwt';
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
const ALGORITHM = ACCESS_TOKEN_ALGORITHM;

/** The HMAC key of access tokens, from the configured secret (the issuer in modules/auth signs with the same). */
export function accessTokenKey(config: AppConfig): Uint8Array {
  return new TextEncoder().encode(config.jwt.accessSecret);
}

/**
 * Verifies access tokens (the auth module issues them, `AccessTokenIssuer`): HS256 only
 * (pinned, so `alg: none` or an RSA/HMAC confusion is refused), with issuer, audience, expiry
 * and type all checked. `iat_ms` is the issue instant in milliseconds, compared against the
 * user's "valid after" instant.
 */
@Injectable()
export class AccessTokens {
  /**
   * Imported once: given raw bytes, jose imports the key into WebCrypto on every verification,
   * a cost the per-request profile showed (docs/BENCHMARKS.md, "Per-request overhead").
   */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = webcrypto.subtle.importKey('raw', accessTokenKey(config), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  }

  /** The principal of a valid token; 401 TOKEN_EXPIRED or UNAUTHENTICATED otherwise. */
  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALGORITHM],
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
        typ: ACCESS_TOKEN_TYP,
        requiredClaims: ['sub', 'iat', 'exp'],
      });
      const { sub, role, sid, iat_ms: issuedAtMs, token_use: use, mfa, tv } = payload;
      if (
        use !== 'access' ||
        typeof sub !== 'string' ||
        typeof sid !== 'string' ||
        typeof issuedAtMs !== 'number' ||
        (mfa !== undefined && typeof mfa !== 'boolean') ||
        (tv !== undefined && typeof tv !== 'string') ||
        !ROLES.includes(role as Role) ||
        Math.floor(issuedAtMs / 1000) !== payload.iat
      ) {
        throw invalidToken();
      }
      return { userId: sub, role: role as Role, sessionId: sid, issuedAtMs, mfa: mfa === true, ...(typeof tv === 'string' ? { termsVersion: tv } : {}) };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new AppError('TOKEN_EXPIRED', { detail: 'The access token has expired; refresh it.', headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
      }
      throw invalidToken();
    }
  }
}

export function invalidToken(detail = 'The access token is not valid.'): AppError {
  return new AppError('UNAUTHENTICATED', { detail, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
}
