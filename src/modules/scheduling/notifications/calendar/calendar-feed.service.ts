import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../../common/clock/clock.js';
import { APP_CONFIG } from '../../../../common/core/tokens.js';
import { notFound } from '../../../../common/errors/app-error.js';
import type { AppConfig } from '../../../../config/config.js';
import { calendarEvent, recipientOf } from '../notification-content.js';
import { NotificationContactsRepository } from '../notification-contacts.repository.js';
import { CalendarTokensRepository } from './calendar-tokens.repository.js';
import { calendarFileParam } from './dto/calendar.inputs.js';
import type { CalendarTokenDto } from './dto/calendar.outputs.js';
import { writeCalendar } from './icalendar.js';

/** At most this many appointments in one feed. */
const FEED_LIMIT = 500;

/**
 * A private calendar feed per user: whoever holds the URL reads the user's upcoming confirmed
 * appointments (as patient or doctor), with names and times only, never a visit reason.
 * The token is stored as a SHA-256 digest; issuing a new one revokes the old.
 */
@Injectable()
export class CalendarFeedService {
  private readonly baseUrl: string;

  constructor(
    private readonly tokens: CalendarTokensRepository,
    private readonly contacts: NotificationContactsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.baseUrl = config.api.publicUrl;
  }

  async issue(principal: Principal): Promise<CalendarTokenDto> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.replace(principal.userId, digest(token));
    return { token, url: `${this.baseUrl}/api/v1/calendar/${token}.ics` };
  }

  /** The feed for `<token>.ics`; an unknown or revoked token is 404. */
  async feed(file: string): Promise<string> {
    const userId = calendarFileParam.safeParse(file).success ? await this.tokens.findUser(digest(file.slice(0, -'.ics'.length))) : null;
    if (!userId) throw notFound('calendar');
    const now = this.clock.now();
    const upcoming = await this.contacts.upcomingOf(userId, now, FEED_LIMIT);
    const events = upcoming.map((c) => calendarEvent(c, recipientOf(c, c.patientId === userId ? 'patient' : 'doctor'), now));
    return writeCalendar({ method: 'PUBLISH', name: 'iHosi', events });
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
