import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenIssuer } from './access-token-issuer.service.js';
import type { Role } from '../../common/auth/policy.js';
import { TermsAcceptance } from '../../common/auth/terms-acceptance.service.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';
import type { SessionDto } from './dto/session.outputs.js';
import { toUserDto } from './dto/user.outputs.js';
import { newOpaqueToken } from './opaque-tokens.js';
import { RefreshTokenDigests } from './refresh-token-digests.service.js';
import { SessionsRepository } from './sessions.repository.js';
import type { UserRow } from './users.repository.js';

/** Builds `Session` responses: a new family at sign-in, or the next token of a family. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly digests: RefreshTokenDigests,
    private readonly terms: TermsAcceptance,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `mfa`: the sign-in passed a second factor; the session (and every refresh of it) says so. */
  async start(user: UserRow, mfa = false): Promise<SessionDto> {
    const refreshToken = newOpaqueToken();
    const expiresAt = new Date(Date.now() + sessionLifetimeSeconds(this.config, user.role as Role) * 1000);
    const familyId = await this.sessions.start(user.id, this.digests.digest(refreshToken), expiresAt, mfa);
    return this.respond(user, familyId, refreshToken, mfa);
  }

  /** The response for a rotation the repository has already recorded. */
  async continue(user: UserRow, familyId: string, refreshToken: string, mfa = false): Promise<SessionDto> {
    return this.respond(user, familyId, refreshToken, mfa);
  }

  private async respond(user: UserRow, familyId: string, refreshToken: string, mfa: boolean): Promise<SessionDto> {
    // The accepted terms ride in the token (`tv`), so the access gate needs no lookup for them.
    const termsVersion = await this.terms.acceptedVersion(user.id);
    const access = await this.accessTokens.issue({ userId: user.id, role: user.role as Role, sessionId: familyId, mfa, termsVersion });
    return { user: toUserDto(user), accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }
}

/** Doctors and admins reach PHI of many patients: their sessions are shorter than patients'. */
export function sessionLifetimeSeconds(config: AppConfig, role: Role): number {
  const all = config.auth.refreshTokenTtlSeconds;
  return role === 'patient' ? all : Math.min(all, config.auth.staffSession.maxSeconds);
}

/** How long a session may go without a refresh: minutes for doctors and admins, days for patients. */
export function idleLimitSeconds(config: AppConfig, role: Role): number {
  return role === 'patient' ? config.auth.patientSessionIdleSeconds : config.auth.staffSession.idleSeconds;
}
