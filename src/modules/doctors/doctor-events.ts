import { Injectable } from '@nestjs/common';

type Listener = (doctorId: string) => Promise<void>;

/**
 * What other features must learn about a committed profile change. The doctors feature owns
 * the profile and cannot import the features built on it (scheduling imports doctors), so
 * they subscribe here. Listeners are awaited in order before the change's response goes out,
 * so a client that reads right after its own write sees the consequences.
 */
@Injectable()
export class DoctorEvents {
  private readonly zoneListeners: Listener[] = [];

  /** The doctor's time zone changed: slots and the next free slot are computed in it. */
  onTimezoneChanged(listener: Listener): void {
    this.zoneListeners.push(listener);
  }

  async timezoneChanged(doctorId: string): Promise<void> {
    for (const listener of this.zoneListeners) await listener(doctorId);
  }
}
