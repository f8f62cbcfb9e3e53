import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYP, accessTokenKey } from '../../common/auth/access-tokens.service.js';
import type { Role } from '../../common/auth/policy.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Signs access tokens for the sessions this module opens; `AccessTokens` in common/auth
 * verifies them with the same key, algorithm, issuer, audience and type.
 */
@Injectable()
export class AccessTokenIssuer {
  private readonly key: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = accessTokenKey(config);
  }

  async issue(subject: { userId: string; role: Role; sessionId: string; mfa?: boolean; termsVersion?: string }, nowMs = Date.now()): Promise<IssuedAccessToken> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const iat = Math.floor(nowMs / 1000);
    const token = await new SignJWT({ role: subject.role, sid: subject.sessionId, iat_ms: nowMs, token_use: 'access', ...(subject.mfa ? { mfa: true } : {}), ...(subject.termsVersion ? { tv: subject.termsVersion } : {}) })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYP })
      .setSubject(subject.userId)
      .setIssuer(this.config.auth.issuer)
      .setAudience(this.config.auth.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(this.key);
    return { token, expiresIn: ttl };
  }
}
