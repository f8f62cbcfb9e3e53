import { Injectable } from '@nestjs/common';
import type { Executor } from '../../../db/transactions.js';
import { AppointmentTypesRepository } from '../appointment-types/appointment-types.repository.js';
import { DEFAULT_REMINDER_OFFSETS_MINUTES, reminderMessages, splitReminder } from './notification-messages.js';
import type { OutboxMessage } from './outbox.repository.js';
import { preferencesOf } from './preferences/notification-preferences.js';
import { NotificationPreferencesRepository } from './preferences/notification-preferences.repository.js';

/** The reminder rows of an appointment starting at `start`: the type's offsets, split around the patient's quiet hours. */
@Injectable()
export class ReminderSchedule {
  constructor(
    private readonly types: AppointmentTypesRepository,
    private readonly preferences: NotificationPreferencesRepository,
  ) {}

  /**
   * Reads through `executor`: inside a booking's transaction, its own connection (PGlite has only one).
   * `offsets`: the type's reminder offsets when the caller has already loaded the type (a booking
   * has, in its schedule context), which saves reading it again.
   */
  async messages(
    executor: Executor,
    appointment: { id: string; patientId: string; appointmentTypeId: string },
    start: Date,
    now: Date,
    offsets?: number[],
  ): Promise<OutboxMessage[]> {
    const known = offsets ?? (await this.types.findById(appointment.appointmentTypeId, executor))?.reminderOffsetsMinutes;
    const reminders = reminderMessages(appointment.id, start, known ?? DEFAULT_REMINDER_OFFSETS_MINUTES, now);
    if (reminders.length === 0) return [];
    const preferences = preferencesOf(await this.preferences.find(appointment.patientId, executor));
    return reminders.flatMap((m) => splitReminder(m, preferences.channels.reminder, preferences.quietHours, now));
  }
}
