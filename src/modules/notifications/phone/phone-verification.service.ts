import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { AppError, invalidFields } from '../../../common/errors/app-error.js';
import type { AppConfig } from '../../../config/config.js';
import { SmsChannel } from '../channels/sms.channel.js';
import type { ConfirmPhoneVerificationInput, StartPhoneVerificationInput } from './dto/phone-verification.inputs.js';
import type { PhoneVerificationStartedDto, VerifiedPhoneDto } from './dto/phone-verification.outputs.js';
import { PhoneVerificationsRepository } from './phone-verifications.repository.js';

/** A code lives this long. */
export const CODE_TTL_MS = 10 * 60_000;
/** Wrong codes allowed per code; then a new one must be requested. */
export const MAX_CODE_ATTEMPTS = 5;
/** A new code is sent at most this often per user (texts cost money and can be used to spam). */
export const RESEND_AFTER_MS = 60_000;

/**
 * Verifies the phone SMS go to: a 6-digit code by text, confirmed within ten minutes and five
 * tries. Only an HMAC of the code is stored (under JWT_REFRESH_SECRET), never the code itself.
 * The code is texted at once, not through the outbox: it is a secret, and the outbox stores
 * its payloads in clear.
 */
@Injectable()
export class PhoneVerificationService {
  constructor(
    private readonly phones: PhoneVerificationsRepository,
    private readonly sms: SmsChannel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(principal: Principal, input: StartPhoneVerificationInput): Promise<PhoneVerificationStartedDto> {
    const off = this.sms.offReason();
    if (off !== null) throw new AppError('SMS_UNAVAILABLE', { detail: 'Text messages are not configured on this server.' });
    const now = this.clock.now();
    const previous = await this.phones.find(principal.userId);
    const wait = previous ? previous.sentAt.getTime() + RESEND_AFTER_MS - now.getTime() : 0;
    if (previous?.codeHash && wait > 0) {
      throw new AppError('RATE_LIMITED', { detail: 'A code was sent less than a minute ago.', headers: { 'retry-after': String(Math.ceil(wait / 1_000)) } });
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await this.phones.start(principal.userId, input.phone, this.digest(principal.userId, code), now, expiresAt);
    const answer = await this.sms.text(input.phone, `Your iHosi code is ${code}. It expires in 10 minutes.`);
    if (answer.kind === 'rejected') throw invalidFields([{ field: 'phone', message: 'the SMS provider refused this number' }]);
    if (answer.kind !== 'ok') throw new AppError('SMS_UNAVAILABLE', { detail: 'The code could not be sent; try again later.', headers: { 'retry-after': '60' } });
    return { phoneEnding: input.phone.slice(-4), expiresAt: expiresAt.toISOString(), attemptsAllowed: MAX_CODE_ATTEMPTS };
  }

  async confirm(principal: Principal, input: ConfirmPhoneVerificationInput): Promise<VerifiedPhoneDto> {
    const pending = await this.phones.find(principal.userId);
    const invalid = new AppError('VERIFICATION_CODE_INVALID', { detail: 'The code is wrong, has expired, or none was requested.' });
    if (!pending?.codeHash || !pending.expiresAt || pending.expiresAt.getTime() <= this.clock.now().getTime()) throw invalid;
    // Counted before comparing, in one UPDATE: parallel guesses cannot share an attempt.
    const attempts = await this.phones.countAttempt(principal.userId);
    if (attempts > MAX_CODE_ATTEMPTS) throw new AppError('TOO_MANY_ATTEMPTS', { detail: 'Request a new code.' });
    const expected = Buffer.from(pending.codeHash, 'hex');
    const given = Buffer.from(this.digest(principal.userId, input.code), 'hex');
    if (!timingSafeEqual(expected, given)) throw invalid;
    const verifiedAt = this.clock.now();
    await this.phones.markVerified(principal.userId, verifiedAt);
    return { phoneEnding: pending.phone.slice(-4), verifiedAt: verifiedAt.toISOString() };
  }

  private digest(userId: string, code: string): string {
    return createHmac('sha256', this.config.jwt.refreshSecret).update(`phone-code:${userId}:${code}`).digest('hex');
  }
}
