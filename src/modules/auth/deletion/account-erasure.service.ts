import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/audit.service.js';
import type { Principal } from '../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { AppError } from '../../../common/errors/app-error.js';
import { EventBus, type AppointmentEvent } from '../../../common/events/event-bus.service.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import type { AppConfig } from '../../../config/config.js';
import { PasswordHasher } from '../password-hasher.service.js';
import { TokenRevocation } from '../token-revocation.service.js';
import { AccountDeletionRepository } from './account-deletion.repository.js';

/**
 * Erasing an account whose owner has proved it is theirs. One transaction: the auth module
 * pseudonymises the users row and ends every session, and each module that holds something of
 * the user erases or pseudonymises it (`account.deleting`: appointments kept until the
 * retention ends and future ones cancelled, reviews anonymised, devices, phone, waitlist, holds,
 * preferences and calendar token removed, a doctor's profile hidden), with the audit row. The
 * audit trail itself is never touched. After the commit the cancellations are announced.
 */
@Injectable()
export class AccountErasure {
  constructor(
    private readonly repository: AccountDeletionRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: EventBus,
    private readonly audit: AuditService,
    private readonly revocation: TokenRevocation,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async erase(principal: Principal, client: ClientContext): Promise<void> {
    const { userId, role } = principal;
    const at = this.clock.now();
    const retainUntil = new Date(at);
    retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + this.config.auth.recordRetentionYears);
    // A bcrypt hash of a secret nobody keeps: no password matches it.
    const passwordHash = await this.hasher.hash(randomBytes(32).toString('base64url'));
    // tokensValidAfter is wall time, not the Clock's `at`: it is compared with access tokens' `iat_ms` (see PasswordResetService.confirm).
    const tombstone = { fullName: pseudonymOf(userId), email: `deleted-${userId}@deleted.invalid`, passwordHash, at, tokensValidAfter: new Date() };
    const cancelled: AppointmentEvent[] = [];
    const outcome = await this.repository.erase(userId, tombstone, async (tx) => {
      await this.events.emit('account.deleting', { tx, userId, role, at, retainUntil, client, cancelled });
      const details = { cancelledAppointments: cancelled.length, retainUntil: retainUntil.toISOString() };
      await this.audit.recordBy(principal, client, { action: 'account.delete', outcome: 'success', resource: { type: 'user', id: userId }, details }, tx);
    });
    if (outcome === 'last_admin') {
      await this.audit.recordBy(principal, client, { action: 'account.delete', outcome: 'denied', resource: { type: 'user', id: userId }, details: { code: 'LAST_ADMIN' } });
      throw new AppError('LAST_ADMIN', { detail: 'This is the only admin account left; make another admin before deleting it.' });
    }
    await this.revocation.revokeBefore(userId, tombstone.tokensValidAfter.getTime());
    for (const visit of cancelled) await this.events.emit('appointment.cancelled', { ...visit, by: role });
    await this.events.emit('account.deleted', { userId, role });
  }
}

/** The name a deleted account keeps on the records others hold (the doctor's appointments): not the person's, but stable. */
export function pseudonymOf(userId: string): string {
  return `Deleted account ${userId.slice(0, 8)}`;
}
