import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { AppointmentTypesRepository, type AppointmentTypeRow } from '../appointment-types/appointment-types.repository.js';
import type { PlannedSlot } from '../appointments/slot-planner.service.js';
import { AvailabilityRepository } from '../availability/availability.repository.js';
import { DoctorLookupRepository } from '../doctor-lookup.repository.js';
import { offeredSlotsBetween, occupiedRange, type InstantRange, type SlotSchedule } from '../slots/engine/index.js';
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

  /**
   * The doctor's waiting entries, oldest first, each with the range it searches, and the
   * doctor's calendar read ONCE for all of them, so the order by age holds within one pass: a
   * slot free in that read goes to the oldest entry wanting it; a pass that read before the
   * slot freed offers it to nobody (the pass after the change does).
   */
  async pass(doctorId: string, freed?: InstantRange): Promise<WaitlistPass | null> {
    const entries = await this.waitlist.waitingFor(doctorId);
    if (entries.length === 0) return null;
    const doctor = await this.doctors.byId(doctorId);
    if (!doctor) return null;
    const types = new Map<string, AppointmentTypeRow>();
    for (const id of new Set(entries.map((e) => e.appointmentTypeId))) {
      const type = await this.types.findById(id);
      if (type?.active) types.set(id, type);
    }
    const now = this.clock.now();
    const wanted = entries.flatMap((entry) => {
      const type = types.get(entry.appointmentTypeId);
      const range = type && searchRange(entry, now, reachMs(type), freed);
      return type && range ? [{ entry, type, range }] : [];
    });
    if (wanted.length === 0) return null;
    const settings = await this.availability.find(doctorId);
    const from = Math.min(...wanted.map((w) => w.range.start.getTime()));
    const until = Math.max(...wanted.map((w) => w.range.end.getTime() + reachMs(w.type)));
    const calendar = await this.slots.schedule(doctor, settings, wanted[0]!.type, { start: new Date(from), end: new Date(until) }, now);
    return { timezone: doctor.timezone, calendar, wanted };
  }

  /**
   * Up to SLOTS_PER_ENTRY slots for one entry of `pass`, in order of start, skipping what this
   * pass has offered already (`taken`); the database is asked only about slots that could be it.
   */
  async slotsFor(pass: WaitlistPass, wanted: WaitlistPass['wanted'][number], taken: readonly InstantRange[]): Promise<PlannedSlot[]> {
    const { entry, type, range } = wanted;
    const schedule: SlotSchedule = { ...pass.calendar, busy: [...pass.calendar.busy, ...taken], appointmentType: { durationMinutes: type.durationMinutes, bufferMinutes: type.bufferMinutes } };
    let offered: Set<number> | undefined;
    const slots: PlannedSlot[] = [];
    for (const slot of offeredSlotsBetween(schedule, range.start, range.end)) {
      if (slot.end.getTime() > entry.toAt.getTime() || !withinTimes(slot, entry.times, pass.timezone)) continue;
      offered ??= await this.waitlist.offeredStarts(entry.id);
      if (offered.has(slot.start.getTime()) || (await this.waitlist.patientBusy(entry.patientId, slot))) continue;
      slots.push({ startAt: slot.start, endAt: slot.end, busyUntil: occupiedRange(slot.start, type).end });
      if (slots.length >= SLOTS_PER_ENTRY) break;
    }
    return slots;
  }
}

/** One pass of offers over a doctor's waitlist: the calendar as read once, and who wants what. */
export interface WaitlistPass {
  timezone: string;
  calendar: SlotSchedule;
  wanted: { entry: WaitlistEntryView; type: AppointmentTypeRow; range: InstantRange }[];
}

function reachMs(type: AppointmentTypeRow): number {
  return (type.durationMinutes + type.bufferMinutes) * MS_PER_MINUTE;
}
