import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';
import { RefreshTokenDigests } from './refresh-token-digests.service.js';
import { idleLimitSeconds } from './session-issuer.service.js';
import { SessionsRepository, type RotationResult } from './sessions.repository.js';
import { TokenRevocation } from './token-revocation.service.js';

/**
 * What a presented refresh token does to its session: rotate it or end it. The token is looked
 * up under every digest it may be stored under (RefreshTokenDigests), never stored in clear.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly digests: RefreshTokenDigests,
    private readonly revocation: TokenRevocation,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Spends `presented` and records `next` in its family (SessionsRepository.rotate); a session
   * idle too long has ended. On reuse the family has ended, and its access tokens are refused too.
   */
  async rotate(presented: string, next: string): Promise<RotationResult> {
    const result = await this.sessions.rotate(this.digests.candidates(presented), this.digests.digest(next), (role) => idleLimitSeconds(this.config, role));
    if (result.kind === 'reused') await this.revocation.endSession(result.userId, result.familyId);
    return result;
  }

  /** Ends the session `presented` belongs to, its access tokens too; null when no live session has it. */
  async end(presented: string, reason: string): Promise<{ familyId: string; userId: string } | null> {
    const ended = await this.sessions.endByToken(this.digests.candidates(presented), reason);
    if (ended) await this.revocation.endSession(ended.userId, ended.familyId);
    return ended;
  }
}
