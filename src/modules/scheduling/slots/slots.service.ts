import { Inject, Injectable } from '@nestjs/common';
import { isPublicDoctor } from '../../../common/access/public-doctor.js';
import type { Principal } from '../../../common/auth/principal.js';
import { ReadRouting } from '../../../db/read-routing.js';
import type { Executor } from '../../../db/transactions.js';
import { invalidFields, notFound } from '../../../common/errors/app-error.js';
import type { AppointmentTypeRow } from '../appointment-types/appointment-types.repository.js';
import type { AvailabilitySettings } from '../availability/availability.repository.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import type { DoctorRef } from '../doctor-lookup.repository.js';
import type { SlotsQuery } from './dto/slots.inputs.js';
import type { SlotsResponseDto } from './dto/slots.outputs.js';
import { ScheduleContextRepository, type ScheduleContext } from './schedule-context.repository.js';
import { SlotCache } from './slot.cache.js';
import { computeSlots, findOfferedSlot, resolveWindow, SlotInputError, type InstantRange, type Slot, type SlotSchedule } from './engine/index.js';
import { TimeOffRepository } from '../availability/time-off.repository.js';
import { PatientHistoryRepository } from '../appointments/patient-history.repository.js';
import { audienceAdmits, notForPatient } from '../appointments/audience.js';
import { BusyTime } from './busy-time.service.js';

const MS_PER_MINUTE = 60_000;
/** Longest visit plus longest buffer (480 + 480 minutes). */
const MAX_REACH_MS = 960 * MS_PER_MINUTE;

/** Loads a doctor's schedule for a range of instants and asks the pure engine. */
@Injectable()
export class SlotsService {
  constructor(
    private readonly contexts: ScheduleContextRepository,
    private readonly timeOff: TimeOffRepository,
    private readonly busyTime: BusyTime,
    private readonly cache: SlotCache,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reads: ReadRouting,
    private readonly history: PatientHistoryRepository,
  ) {}

  /**
   * GET /doctors/:id/slots: public doctors and their active types only. A listing decides
   * nothing, so it reads where ReadRouting says (a replica, usually; the primary for a
   * `viewer` who just wrote); the booking checks its slot again on the primary (`bookable`).
   */
  async slots(doctorId: string, query: SlotsQuery, viewer?: Principal): Promise<SlotsResponseDto> {
    const route = await this.reads.publicRead(viewer?.userId);
    // The generation is read before any schedule data (see SlotCache).
    const generation = await this.cache.generation(doctorId);
    const context = await this.context(route.db, doctorId, query.appointmentTypeId);
    const { doctor, type, settings } = context;
    if (viewer?.role === 'patient') await this.requireAudience(route.db, type, doctor.id, viewer.userId);
    const window = resolveWindow({ from: query.from, to: query.to, timezone: query.timezone ?? null }, doctor.timezone);
    if (!window.bounds) throw invalidFields(window.errors);

    const now = this.clock.now();
    const key = [query.appointmentTypeId, query.from, query.to, window.bounds.timezone, String(Math.floor(now.getTime() / MS_PER_MINUTE))];
    if (generation && !route.skipCache) {
      const hit = await this.cache.read(generation, key);
      if (hit) return hit;
    }

    const range = { start: new Date(window.bounds.start), end: new Date(window.bounds.end + reachMs(type)) };
    const schedule = await this.scheduleOn(route.db, doctor, settings, type, range, now);
    const slots = engine(() => computeSlots({ ...schedule, window: { from: query.from, to: query.to, timezone: query.timezone ?? null } }));
    const response: SlotsResponseDto = {
      doctorId: doctor.id,
      appointmentTypeId: type.id,
      timezone: window.bounds.timezone,
      slots: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })),
    };
    if (generation) await this.cache.write(generation, key, response);
    return response;
  }

  /**
   * The slot starting exactly at `start` if the doctor's hours, time off, notice and window
   * offer it, regardless of other bookings: whether it is still free is for the insert to
   * find out against the exclusion constraint (409 SLOT_TAKEN), never a check before it.
   */
  async offeredSlot(doctor: DoctorRef, settings: AvailabilitySettings, type: AppointmentTypeRow, start: Date): Promise<Slot | null> {
    const range = { start, end: new Date(start.getTime() + reachMs(type)) };
    const timeOff = await this.timeOff.overlapping(this.reads.primary, doctor.id, range.start, range.end);
    const schedule = this.assemble(doctor, settings, type, timeOff, [], this.clock.now());
    return engine(() => findOfferedSlot(schedule, start));
  }

  /**
   * A type for new or returning patients only is 422 APPOINTMENT_TYPE_NOT_FOR_PATIENT for the
   * other kind of patient, on `db` (the primary when it decides a booking). Anonymous listings
   * cannot be told apart and show the slots; the booking checks.
   */
  async requireAudience(db: Executor, type: AppointmentTypeRow, doctorId: string, patientId: string): Promise<void> {
    if (type.audience === 'any') return;
    if (!audienceAdmits(type.audience, await this.history.isReturning(db, doctorId, patientId))) throw notForPatient(type.audience);
  }

  /** A public doctor, their settings and an active type of theirs, in one query on `db`; 404 otherwise. */
  private async context(db: Executor, doctorId: string, typeId: string, timeOffIn?: InstantRange): Promise<ScheduleContext & { type: AppointmentTypeRow }> {
    const context = await this.contexts.load(db, doctorId, typeId, timeOffIn);
    if (!context || !isPublicDoctor(context.doctor)) throw notFound('doctor');
    if (!context.type?.active) throw notFound('activeAppointmentType');
    return { ...context, type: context.type };
  }

  /**
   * The booking check in one query, on the primary (it decides): the context plus time off
   * around `start`; the slot if `start` is offered (see offeredSlot), else null.
   */
  async bookable(doctorId: string, typeId: string, start: Date): Promise<{ context: ScheduleContext & { type: AppointmentTypeRow }; slot: Slot | null }> {
    // Time off matters if it overlaps [start, start + the longest reach a type can have).
    const context = await this.context(this.reads.primary, doctorId, typeId, { start, end: new Date(start.getTime() + MAX_REACH_MS) });
    const schedule = this.assemble(context.doctor, context.settings, context.type, context.timeOff, [], this.clock.now());
    return { context, slot: engine(() => findOfferedSlot(schedule, start)) };
  }

  /** Time off and busy ranges overlapping `range`, on the primary (the next opening is stored from it). */
  schedule(doctor: DoctorRef, settings: AvailabilitySettings, type: AppointmentTypeRow, range: { start: Date; end: Date }, now: Date): Promise<SlotSchedule> {
    return this.scheduleOn(this.reads.primary, doctor, settings, type, range, now);
  }

  /** Time off and busy ranges overlapping `range` on `db`: two indexed queries, then arithmetic. */
  private async scheduleOn(db: Executor, doctor: DoctorRef, settings: AvailabilitySettings, type: AppointmentTypeRow, range: { start: Date; end: Date }, now: Date): Promise<SlotSchedule> {
    const [timeOff, busy] = await Promise.all([this.timeOff.overlapping(db, doctor.id, range.start, range.end), this.busyTime.overlapping(db, doctor.id, range.start, range.end)]);
    return this.assemble(doctor, settings, type, timeOff, busy, now);
  }

  private assemble(doctor: DoctorRef, settings: AvailabilitySettings, type: AppointmentTypeRow, timeOff: InstantRange[], busy: InstantRange[], now: Date): SlotSchedule {
    return {
      availability: { timezone: doctor.timezone, ...settings },
      appointmentType: { durationMinutes: type.durationMinutes, bufferMinutes: type.bufferMinutes },
      timeOff,
      busy,
      now,
    };
  }
}

/** How far past a slot's start its booking reaches on the doctor's calendar. */
function reachMs(type: AppointmentTypeRow): number {
  return (type.durationMinutes + type.bufferMinutes) * MS_PER_MINUTE;
}

function engine<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SlotInputError) throw invalidFields(error.errors);
    throw error;
  }
}
