import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { CACHE, type CachePort } from '../cache/cache.port.js';
import { hashTag } from '../cache/hash-tags.js';
import { APP_CONFIG } from '../core/tokens.js';
import { TermsAcceptanceRepository } from './terms-acceptance.repository.js';

/**
 * An acceptance is never withdrawn (a new version is a new row to accept), so a yes is cached
 * for long; a no is never cached, so an acceptance counts at once on every instance.
 */
const ACCEPTED_TTL_SECONDS = 24 * 3600;

/**
 * Whether a user has accepted the terms in force (TERMS_VERSION), for the access gate and for
 * the `tv` claim sessions carry. The claim answers without any lookup; a token without it (one
 * issued before the acceptance, or before a new version) costs one cache read, and a database
 * read only while the user has not accepted or the cache has forgotten.
 */
@Injectable()
export class TermsAcceptance {
  /** The version in force; null: nothing is gated. */
  readonly current: string | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CACHE) private readonly cache: CachePort,
    private readonly repository: TermsAcceptanceRepository,
  ) {
    this.current = config.auth.termsVersion;
  }

  /** True when no terms are in force, or the caller has accepted the ones that are. */
  async satisfiedBy(principal: { userId: string; termsVersion?: string }): Promise<boolean> {
    if (this.current === null || principal.termsVersion === this.current) return true;
    return (await this.acceptedVersion(principal.userId)) !== undefined;
  }

  /** The version in force if this user has accepted it (the session's `tv` claim), else undefined. */
  async acceptedVersion(userId: string): Promise<string | undefined> {
    const current = this.current;
    if (current === null) return undefined;
    const key = acceptedKey(userId, current);
    if ((await this.cache.get(key).catch(() => null)) !== null) return current;
    if (!(await this.repository.hasAccepted(userId, current))) return undefined;
    await this.remember(userId, current);
    return current;
  }

  /** Called once an acceptance has committed, so every instance lets the user through at once. */
  async remember(userId: string, version: string): Promise<void> {
    await this.cache.set(acceptedKey(userId, version), '1', ACCEPTED_TTL_SECONDS).catch(() => undefined);
  }
}

function acceptedKey(userId: string, version: string): string {
  return `auth:${hashTag(`user:${userId}`)}:terms-accepted:${version}`;
}
