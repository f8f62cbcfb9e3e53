import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import type { Executor } from '../../../db/transactions.js';
import { HoldsService } from '../holds/holds.service.js';
import type { NewAppointment } from './appointments.repository.js';
import { VideoRooms } from './video-rooms.service.js';

/**
 * What a booking settles inside its transaction before its row is written (issue 13): the
 * caller's hold on the slot ends, so no third party can take the slot in between, and a video
 * visit gets its meeting link. A move gets a fresh link too.
 */
@Injectable()
export class BookingPrelude {
  constructor(
    private readonly holds: HoldsService,
    private readonly rooms: VideoRooms,
  ) {}

  async settle<Values extends NewAppointment & { id: string }>(tx: Executor, values: Values, principal: Principal, holdId?: string): Promise<Values> {
    if (holdId) await this.holds.consume(tx, principal, holdId, { doctorId: values.doctorId, appointmentTypeId: values.appointmentTypeId, start: values.startAt });
    return { ...values, videoUrl: values.videoUrl ?? this.rooms.linkFor(values.mode) };
  }

  /** A fresh link for a visit that moves (the old one must stop working); null unless video. */
  roomFor(mode: NewAppointment['mode']): string | null {
    return this.rooms.linkFor(mode);
  }
}
