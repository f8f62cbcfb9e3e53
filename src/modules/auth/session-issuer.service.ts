import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenIssuer } from './access-token-issuer.service.js';
import type { Role } from '../../common/auth/policy.js';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(user: UserRow): Promise<SessionDto> {
    const refreshToken = newOpaqueToken();
    const expiresAt = new Date(Date.now() + sessionLifetimeSeconds(this.config, user.role as Role) * 1000);
    const familyId = await this.sessions.start(user.id, this.digests.digest(refreshToken), expiresAt);
    return this.respond(user, familyId, refreshToken);
  }

  /** The response for a rotation the repository has already recorded. */
  async continue(user: UserRow, familyId: string, refreshToken: string): Promise<SessionDto> {
    return this.respond(user, familyId, refreshToken);
  }

  private async respond(user: UserRow, familyId: string, refreshToken: string): Promise<SessionDto> {
    const access = await this.accessTokens.issue({ userId: user.id, role: user.role as Role, sessionId: familyId });
    return { user: toUserDto(user), accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }
}

/** Doctors and admins reach PHI of many patients: their sessions are shorter than patients'. */
export function sessionLifetimeSeconds(config: AppConfig, role: Role): number {
  const all = config.auth.refreshTokenTtlSeconds;
  return role === 'patient' ? all : Math.min(all, config.auth.staffSession.maxSeconds);
}

/** How long a doctor's or admin's session may go without a refresh; patients have no idle limit. */
export function idleLimitSeconds(config: AppConfig, role: Role): number | null {
  return role === 'patient' ? null : config.auth.staffSession.idleSeconds;
}
