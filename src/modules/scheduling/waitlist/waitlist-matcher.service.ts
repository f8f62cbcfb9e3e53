import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { AppointmentTypesRepository } from '../appointment-types/appointment-types.repository.js';
import type { PlannedSlot } from '../appointments/slot-planner.service.js';
import { AvailabilityRepository } from '../availability/availability.repository.js';
import { DoctorLookupRepository } from '../doctor-lookup.repository.js';
import { offeredSlotsBetween, occupiedRange, type InstantRange } from '../slots/engine/index.js';
import { SlotsService } from '../slots/slots.service.js';
import { searchRange, withinTimes } from './waitlist-matching.js';
import { WaitlistRepository, type WaitlistEntryView } from './waitlist.repository.js';

const MS_PER_MINUTE = 60_000;
/** Slots tried per entry and pass: enough to step past a few just taken by a racing instance. */
const SLOTS_PER_ENTRY = 10;

/**
 * Who wants a freed slot: the doctor's waiting entries, oldest first, each with the free slots
 * it would take (offered now, inside its window and times, never offered to it before, not
 * colliding with the patient's own appointments). Free means: no confirmed appointment and no
 * live hold, as the listing sees it; the offer's insert decides races.
 */
@Injectable()
export class WaitlistMatcher {
  constructor(
    private readonly waitlist: WaitlistRepository,
    private readonly slots: SlotsService,
    private readonly doctors: DoctorLookupRepository,
    private readonly availability: AvailabilityRepository,
    private readonly types: AppointmentTypesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  waiting(doctorId: string): Promise<WaitlistEntryView[]> {
    return this.waitlist.waitingFor(doctorId);
  }

  /** Up to SLOTS_PER_ENTRY slots for `entry`, in order of start, from a fresh read of the schedule. */
  async slotsFor(entry: WaitlistEntryView, freed?: InstantRange): Promise<PlannedSlot[]> {
    const [doctor, type] = await Promise.all([this.doctors.byId(entry.doctorId), this.types.findById(entry.appointmentTypeId)]);
    if (!doctor || !type?.active) return [];
    const settings = await this.availability.find(doctor.id);
    const now = this.clock.now();
    const reachMs = (type.durationMinutes + type.bufferMinutes) * MS_PER_MINUTE;
    const range = searchRange(entry, now, reachMs, freed);
    if (!range) return [];
    const schedule = await this.slots.schedule(doctor, settings, type, { start: range.start, end: new Date(range.end.getTime() + reachMs) }, now);
    const offered = await this.waitlist.offeredStarts(entry.id);
    const found: PlannedSlot[] = [];
    for (const slot of offeredSlotsBetween(schedule, range.start, range.end)) {
      if (slot.end.getTime() > entry.toAt.getTime() || offered.has(slot.start.getTime())) continue;
      if (!withinTimes(slot, entry.times, doctor.timezone)) continue;
      if (await this.waitlist.patientBusy(entry.patientId, slot)) continue;
      found.push({ startAt: slot.start, endAt: slot.end, busyUntil: occupiedRange(slot.start, type).end });
      if (found.length >= SLOTS_PER_ENTRY) break;
    }
    return found;
  }
}
