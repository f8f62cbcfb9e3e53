import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';
import { RefreshTokenDigests } from './refresh-token-digests.service.js';
import { idleLimitSeconds } from './session-issuer.service.js';
import { SessionsRepository, type RotationResult } from './sessions.repository.js';

/**
 * What a presented refresh token does to its session: rotate it or end it. The token is looked
 * up under every digest it may be stored under (RefreshTokenDigests), never stored in clear.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly digests: RefreshTokenDigests,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Spends `presented` and records `next` in its family (SessionsRepository.rotate); a staff session idle too long has ended. */
  rotate(presented: string, next: string): Promise<RotationResult> {
    return this.sessions.rotate(this.digests.candidates(presented), this.digests.digest(next), (role) => idleLimitSeconds(this.config, role));
  }

  /** Ends the session `presented` belongs to; null when no live session has it. */
  end(presented: string, reason: string): Promise<{ familyId: string; userId: string } | null> {
    return this.sessions.endByToken(this.digests.candidates(presented), reason);
  }
}
