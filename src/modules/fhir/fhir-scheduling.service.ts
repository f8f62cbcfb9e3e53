import { Injectable } from '@nestjs/common';
import { AppError, invalidFields, notFound } from '../../common/errors/app-error.js';
import { AppointmentTypesService } from '../scheduling/appointment-types/appointment-types.service.js';
import type { AppointmentTypeDto } from '../scheduling/appointment-types/dto/appointment-type.outputs.js';
import { MAX_WINDOW_DAYS } from '../scheduling/slots/engine/index.js';
import { SlotsService } from '../scheduling/slots/slots.service.js';
import type { DoctorDto } from '../doctors/dto/doctor.outputs.js';
import type { ScheduleSearch, SlotSearch } from './dto/fhir.inputs.js';
import { FhirDirectoryService } from './fhir-directory.service.js';
import { toSearchBundle } from './mapping/bundle.mapping.js';
import { parseScheduleId, parseSlotId, referenceId, type ScheduleKey } from './mapping/fhir-ids.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';
import { toSchedule, toSlot } from './mapping/scheduling.mapping.js';
import { isFieldError, parseDateBounds } from './mapping/search-dates.js';

const DAY_MS = 86_400_000;

/**
 * Schedule (a verified doctor and one of their active appointment types) and its free Slots,
 * computed by the scheduling module's SlotsService: the very call GET /doctors/:id/slots makes,
 * asked in UTC for the days the search covers and then cut to its instants.
 */
@Injectable()
export class FhirSchedulingService {
  constructor(
    private readonly directory: FhirDirectoryService,
    private readonly types: AppointmentTypesService,
    private readonly slots: SlotsService,
  ) {}

  async schedule(id: string): Promise<FhirResource> {
    const key = parseScheduleId(id);
    const found = key ? await this.scheduleOf(key) : null;
    if (!found) throw notFound('schedule');
    return toSchedule(found.doctor, found.type);
  }

  /** A slot the engine offers now, free; 404 once it is taken, past or no longer offered. */
  async slot(id: string): Promise<FhirResource> {
    const named = parseSlotId(id);
    const found = named ? await this.scheduleOf(named.key) : null;
    if (!named || !found) throw notFound('slot');
    const day = named.start.toISOString().slice(0, 10);
    const computed = await this.slots.slots(named.key.doctorId, { appointmentTypeId: named.key.appointmentTypeId, from: day, to: day, timezone: 'UTC' });
    const slot = computed.slots.find((s) => new Date(s.start).getTime() === named.start.getTime());
    if (!slot) throw notFound('slot');
    return toSlot({ ...named.key, typeName: found.type.name }, slot);
  }

  async searchSchedules(base: string, query: ScheduleSearch): Promise<Bundle> {
    const doctor = await this.directory.found(referenceId(query.actor, 'Practitioner'));
    const types = doctor ? await this.types.activeOf(doctor.id) : [];
    return toSearchBundle(base, 'Schedule', { actor: query.actor }, doctor ? types.map((t) => toSchedule(doctor, t)) : [], null);
  }

  async searchSlots(base: string, query: SlotSearch): Promise<Bundle> {
    const params = { schedule: query.schedule, start: query.start, status: query.status, _count: query._count, _page: query._page };
    const bounds = parseDateBounds('start', query.start);
    if (isFieldError(bounds)) throw invalidFields([bounds]);
    const { from, to } = bounds;
    if (!from || !to) throw invalidFields([{ field: 'start', message: 'needs a lower bound (ge or gt) and an upper bound (lt or le)' }]);
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) throw invalidFields([{ field: 'start', message: `must span at most ${MAX_WINDOW_DAYS} days` }]);
    const after = query._page === undefined ? from : pageStart(query._page);

    const key = parseScheduleId(referenceId(query.schedule, 'Schedule'));
    const found = key && to > from ? await this.scheduleOf(key) : null;
    if (!found) return toSearchBundle(base, 'Slot', params, [], null);

    const day = (instant: Date) => instant.toISOString().slice(0, 10);
    const computed = await this.slots.slots(key!.doctorId, { appointmentTypeId: key!.appointmentTypeId, from: day(from), to: day(new Date(to.getTime() - 1)), timezone: 'UTC' });
    const inRange = computed.slots.filter((s) => {
      const start = new Date(s.start);
      return start >= from && start < to && start >= after;
    });
    const page = inRange.slice(0, query._count);
    const next = inRange[query._count];
    const resources = page.map((s) => toSlot({ ...key!, typeName: found.type.name }, s));
    return toSearchBundle(base, 'Slot', params, resources, next ? pageToken(new Date(next.start)) : null);
  }

  /** The doctor and the active type a schedule id names, or null when it names nothing public. */
  private async scheduleOf(key: ScheduleKey): Promise<{ doctor: DoctorDto; type: AppointmentTypeDto } | null> {
    const doctor = await this.directory.found(key.doctorId);
    if (!doctor) return null;
    try {
      const type = (await this.types.activeOf(doctor.id)).find((t) => t.id === key.appointmentTypeId);
      return type ? { doctor, type } : null;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}

/** A page of slots starts at a slot's start (seconds since the epoch, base 36): stable while slots come and go. */
function pageToken(start: Date): string {
  return Math.floor(start.getTime() / 1000).toString(36);
}

function pageStart(token: string): Date {
  const seconds = /^[0-9a-z]{1,9}$/.test(token) ? parseInt(token, 36) : Number.NaN;
  if (!Number.isFinite(seconds)) throw invalidFields([{ field: '_page', message: 'must be the page token of a next link' }]);
  return new Date(seconds * 1000);
}
