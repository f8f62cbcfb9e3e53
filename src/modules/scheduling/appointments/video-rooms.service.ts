import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import type { AppConfig } from '../../../config/config.js';
import type { ConsultationMode } from '../../../common/validation/enums.js';

/**
 * Meeting links of video visits: VIDEO_ROOM_BASE_URL (a Jitsi-compatible server, by default
 * the public one, so it works with no setup) followed by 128 random bits. Whoever has the
 * link can join, so it is shown to the two participants only and never logged.
 */
@Injectable()
export class VideoRooms {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A fresh, unguessable link for a video visit; null for any other mode. */
  linkFor(mode: ConsultationMode): string | null {
    if (mode !== 'video') return null;
    return `${this.config.scheduling.videoRoomBaseUrl}ihosi-${randomBytes(16).toString('base64url')}`;
  }
}
