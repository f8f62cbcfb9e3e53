import { Controller, Get, Header, Param, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Public, SignedIn } from '../../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../../common/http/client-context.js';
import { Operation } from '../../../../common/openapi/operation.js';
import { toOpenApiSchema } from '../../../../common/openapi/schemas.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { calendarFileParam } from './dto/calendar.inputs.js';
import { calendarFeedSchema, calendarTokenSchema, type CalendarTokenDto } from './dto/calendar.outputs.js';

@ApiTags('notifications')
@Controller('api/v1')
export class CalendarController {
  constructor(private readonly calendar: CalendarFeedService) {}

  @Post('me/calendar-token')
  @SignedIn()
  @Operation({
    id: 'issueCalendarToken',
    summary: 'A new private calendar feed URL',
    description: 'Answers a fresh token and its feed URL; the previous token stops working at once. Keep the URL private: it needs no other credential. Issuing is recorded in the audit trail.',
    ok: { status: 201, description: 'The token and the feed URL', schema: calendarTokenSchema },
  })
  issue(@CurrentUser() principal: Principal, @Client() client: ClientContext): Promise<CalendarTokenDto> {
    return this.calendar.issue(principal, client);
  }

  @Get('calendar/:file')
  @Public()
  @Operation({
    id: 'getCalendarFeed',
    summary: 'A private calendar feed (iCalendar)',
    description:
      'The upcoming confirmed appointments of the token holder, as patient or doctor: names and times in the doctor zone (with VTIMEZONE), no health details. `file` is `<token>.ics`; an unknown or revoked token is 404. Every read is recorded in the audit trail with the reader’s address.',
    ok: { description: 'An iCalendar document', schema: calendarFeedSchema, mediaType: 'text/calendar' },
    errors: ['NOT_FOUND'],
  })
  @Header('content-type', 'text/calendar; charset=utf-8')
  // Not ValidParam: a malformed token is 404 like an unknown one (the service checks its shape).
  @ApiParam({ name: 'file', schema: toOpenApiSchema(calendarFileParam) })
  feed(@Param('file') file: string, @Client() client: ClientContext): Promise<string> {
    return this.calendar.feed(file, client);
  }
}
