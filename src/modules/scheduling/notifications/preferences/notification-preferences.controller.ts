import { Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../../common/auth/principal.js';
import { Operation } from '../../../../common/openapi/operation.js';
import { ValidBody } from '../../../../common/validation/zod-validation.js';
import { updateNotificationPreferencesSchema, type UpdateNotificationPreferencesInput } from './dto/notification-preferences.inputs.js';
import { notificationPreferencesSchema, toNotificationPreferencesDto, type NotificationPreferencesDto } from './dto/notification-preferences.outputs.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';

@ApiTags('notifications')
@Controller('api/v1/me')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get('notification-preferences')
  @SignedIn()
  @Operation({
    id: 'getNotificationPreferences',
    summary: 'My notification preferences',
    description: 'Per kind of notification, the channels wanted (email, push, sms), and quiet hours in the user zone. Without a saved choice: the defaults.',
    ok: { description: 'The preferences', schema: notificationPreferencesSchema },
  })
  async get(@CurrentUser() principal: Principal): Promise<NotificationPreferencesDto> {
    return toNotificationPreferencesDto(await this.preferences.get(principal));
  }

  @Put('notification-preferences')
  @SignedIn()
  @Operation({
    id: 'replaceNotificationPreferences',
    summary: 'Replace my notification preferences',
    description:
      'Replaces the whole set. During quiet hours no push or SMS goes out: a reminder is sent just before they start; anything else waits for their end, or goes by e-mail when `otherwise` is `email`. Account security always includes e-mail.',
    ok: { description: 'The preferences now in force', schema: notificationPreferencesSchema },
  })
  async replace(@CurrentUser() principal: Principal, @ValidBody(updateNotificationPreferencesSchema) body: UpdateNotificationPreferencesInput): Promise<NotificationPreferencesDto> {
    return toNotificationPreferencesDto(await this.preferences.replace(principal, body));
  }
}
