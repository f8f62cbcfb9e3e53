import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../../common/auth/principal.js';
import type { UpdateNotificationPreferencesInput } from './dto/notification-preferences.inputs.js';
import type { NotificationPreferences } from './dto/notification-preferences.outputs.js';
import { preferencesOf } from './notification-preferences.js';
import { NotificationPreferencesRepository } from './notification-preferences.repository.js';

/** The signed-in user's own notification preferences: every user has exactly one set. */
@Injectable()
export class NotificationPreferencesService {
  constructor(private readonly preferences: NotificationPreferencesRepository) {}

  async get(principal: Principal): Promise<NotificationPreferences> {
    return preferencesOf(await this.preferences.find(principal.userId));
  }

  async replace(principal: Principal, input: UpdateNotificationPreferencesInput): Promise<NotificationPreferences> {
    const row = await this.preferences.upsert(principal.userId, {
      channels: input.channels,
      quietStart: input.quietHours?.start ?? null,
      quietEnd: input.quietHours?.end ?? null,
      quietTimeZone: input.quietHours?.timeZone ?? null,
      quietOtherwise: input.quietHours?.otherwise ?? 'wait',
    });
    return preferencesOf(row);
  }
}
