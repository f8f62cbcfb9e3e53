import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../../common/audit/audit.service.js';
import type { Principal } from '../../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../../common/clock/clock.js';
import { APP_CONFIG } from '../../../../common/core/tokens.js';
import { notFound } from '../../../../common/errors/app-error.js';
import type { ClientContext } from '../../../../common/http/client-context.js';
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
 * The token is stored as a SHA-256 digest; issuing a new one revokes the old. Issuing a token
 * and every read of a feed are audited (a doctor's feed names patients): the reads carry the
 * reader's address, so a URL that leaked shows as reads from where its owner never is.
 */
@Injectable()
export class CalendarFeedService {
  private readonly baseUrl: string;

  constructor(
    private readonly tokens: CalendarTokensRepository,
    private readonly contacts: NotificationContactsRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.baseUrl = config.api.publicUrl;
  }

  async issue(principal: Principal, client: ClientContext): Promise<CalendarTokenDto> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.replace(principal.userId, digest(token));
    await this.audit.recordBy(principal, client, { action: 'calendar.token_issue', outcome: 'success', resource: { type: 'calendar_feed', id: principal.userId } });
    return { token, url: `${this.baseUrl}/api/v1/calendar/${token}.ics` };
  }

  /** The feed for `<token>.ics`; an unknown or revoked token is 404. */
  async feed(file: string, client: ClientContext): Promise<string> {
    const userId = calendarFileParam.safeParse(file).success ? await this.tokens.findUser(digest(file.slice(0, -'.ics'.length))) : null;
    if (!userId) throw notFound('calendar');
    const now = this.clock.now();
    const upcoming = await this.contacts.upcomingOf(userId, now, FEED_LIMIT);
    const events = upcoming.map((c) => calendarEvent(c, recipientOf(c, c.patientId === userId ? 'patient' : 'doctor'), now));
    // The token stands for its owner, who is the actor; their role is not at hand, nor needed.
    await this.audit.record({ action: 'calendar.feed_read', outcome: 'success', actor: { id: userId }, resource: { type: 'calendar_feed', id: userId }, client, details: { count: events.length } });
    return writeCalendar({ method: 'PUBLISH', name: 'iHosi', events });
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
