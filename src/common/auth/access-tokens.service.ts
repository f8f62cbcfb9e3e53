import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../core/tokens.js';
import { AppError } from '../errors/app-error.js';
import { ROLES, type Role } from './policy.js';
import type { Principal } from './principal.js';

/** RFC 9068's media type for JWT access tokens; verification requires it. */
const ACCESS_TOKEN_TYP = 'at+jwt';
const ALGORITHM = 'HS256';

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Signs and verifies access tokens: HS256 only (pinned, so `alg: none` or an RSA/HMAC
 * confusion is refused), with issuer, audience, expiry and type all checked. `iat_ms` is
 * the issue instant in milliseconds, compared against the user's "valid after" instant.
 */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.jwt.accessSecret);
  }

  async issue(subject: { userId: string; role: Role; sessionId: string }, nowMs = Date.now()): Promise<IssuedAccessToken> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const iat = Math.floor(nowMs / 1000);
    const token = await new SignJWT({ role: subject.role, sid: subject.sessionId, iat_ms: nowMs, token_use: 'access' })
      .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYP })
      .setSubject(subject.userId)
      .setIssuer(this.config.auth.issuer)
      .setAudience(this.config.auth.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(this.key);
    return { token, expiresIn: ttl };
  }

  /** The principal of a valid token; 401 TOKEN_EXPIRED or UNAUTHENTICATED otherwise. */
  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
        typ: ACCESS_TOKEN_TYP,
        requiredClaims: ['sub', 'iat', 'exp'],
      });
      const { sub, role, sid, iat_ms: issuedAtMs, token_use: use } = payload;
      if (
        use !== 'access' ||
        typeof sub !== 'string' ||
        typeof sid !== 'string' ||
        typeof issuedAtMs !== 'number' ||
        !ROLES.includes(role as Role) ||
        Math.floor(issuedAtMs / 1000) !== payload.iat
      ) {
        throw invalidToken();
      }
      return { userId: sub, role: role as Role, sessionId: sid, issuedAtMs };
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
