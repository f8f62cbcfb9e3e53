import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import type { Executor } from '../../../db/transactions.js';
import { HoldsService } from '../holds/holds.service.js';
import type { NewAppointment } from './appointments.repository.js';
import { ReminderSchedule } from '../notifications/reminder-schedule.service.js';
import type { OutboxMessage } from '../notifications/outbox.repository.js';
import { VideoRooms } from './video-rooms.service.js';

/**
 * What a booking settles inside its transaction before its row is written (issue 13): the
 * caller's hold on the slot ends, so no third party can take the slot in between, and a video
 * visit gets its meeting link. A move gets a fresh link too. It also names the reminders the
 * booking or move queues (issue 14).
 */
@Injectable()
export class BookingPrelude {
  constructor(
    private readonly holds: HoldsService,
    private readonly rooms: VideoRooms,
    private readonly reminderSchedule: ReminderSchedule,
  ) {}

  /** The reminder rows of `appointment` starting at `start` (issue 14: the type's offsets, around the patient's quiet hours). */
  reminders(executor: Executor, appointment: { id: string; patientId: string; appointmentTypeId: string }, start: Date, now: Date, offsets?: number[]): Promise<OutboxMessage[]> {
    return this.reminderSchedule.messages(executor, appointment, start, now, offsets);
  }

  async settle<Values extends NewAppointment & { id: string }>(tx: Executor, values: Values, principal: Principal, holdId?: string): Promise<Values> {
    if (holdId) await this.holds.consume(tx, principal, holdId, { doctorId: values.doctorId, appointmentTypeId: values.appointmentTypeId, start: values.startAt });
    return { ...values, videoUrl: values.videoUrl ?? this.rooms.linkFor(values.mode) };
  }

  /** A fresh link for a visit that moves (the old one must stop working); null unless video. */
  roomFor(mode: NewAppointment['mode']): string | null {
    return this.rooms.linkFor(mode);
  }
}
