import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { CLOCK, type Clock } from '../../common/clock/clock.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';
import type { DoctorDto } from '../doctors/dto/doctor.outputs.js';
import { AppointmentTypesService } from '../scheduling/appointment-types/appointment-types.service.js';
import type { AppointmentTypeDto } from '../scheduling/appointment-types/dto/appointment-type.outputs.js';
import { ScheduleActivity } from '../scheduling/slots/schedule-activity.service.js';
import { SlotsService } from '../scheduling/slots/slots.service.js';
import type { PublishQuery } from './dto/fhir.inputs.js';
import { FhirDirectoryService } from './fhir-directory.service.js';
import type { FhirResource } from './mapping/fhir-types.js';
import { toLocation, toManifest, toPublishedSchedule, toPublishedSlot, type PublishedType } from './mapping/publish.mapping.js';

const DAY_MS = 86_400_000;

/**
 * SMART Scheduling Links: the manifest and the NDJSON files of Location, Schedule and Slot for
 * every public doctor, through the same services the rest of the FHIR face reads (the public
 * profile, the active types, the slot service GET /doctors/:id/slots calls). With `_since`,
 * only the doctors whose schedule changed after it (ScheduleActivity), each in full.
 */
@Injectable()
export class FhirPublishService {
  private readonly days: number;
  private readonly bookingUrl: string;

  constructor(
    private readonly directory: FhirDirectoryService,
    private readonly types: AppointmentTypesService,
    private readonly slots: SlotsService,
    private readonly activity: ScheduleActivity,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.days = config.publish.days;
    this.bookingUrl = config.publish.bookingUrl;
  }

  async manifest(base: string, query: PublishQuery): Promise<Record<string, unknown>> {
    const { latest } = await this.activity.changed(query._since);
    // Nothing published yet: the manifest covers up to what was asked (or all time).
    return toManifest(base, latest ?? query._since ?? new Date(0), query._since?.toISOString());
  }

  /** One file: one resource per line, each line ending in a newline. */
  async file(type: PublishedType, query: PublishQuery): Promise<string> {
    const { doctorIds } = await this.activity.changed(query._since);
    const lines: string[] = [];
    for (const id of doctorIds) {
      const doctor = await this.directory.found(id);
      if (!doctor) continue;
      for (const resource of await this.resourcesOf(type, doctor)) lines.push(`${JSON.stringify(resource)}\n`);
    }
    return lines.join('');
  }

  private async resourcesOf(type: PublishedType, doctor: DoctorDto): Promise<FhirResource[]> {
    if (type === 'Location') return doctor.locations.map(toLocation);
    const types = await this.activeTypes(doctor.id);
    if (type === 'Schedule') return types.map((t) => toPublishedSchedule(doctor, t));
    const resources: FhirResource[] = [];
    for (const t of types) resources.push(...(await this.freeSlots(doctor, t)));
    return resources;
  }

  /** The slots the REST endpoint offers for the days [today, today + days] in UTC, cut to [now, now + days). */
  private async freeSlots(doctor: DoctorDto, type: AppointmentTypeDto): Promise<FhirResource[]> {
    const now = this.clock.now();
    const end = new Date(now.getTime() + this.days * DAY_MS);
    const day = (instant: Date) => instant.toISOString().slice(0, 10);
    try {
      const computed = await this.slots.slots(doctor.id, { appointmentTypeId: type.id, from: day(now), to: day(new Date(end.getTime() - 1)), timezone: 'UTC' });
      return computed.slots.filter((s) => new Date(s.start) < end).map((s) => toPublishedSlot(doctor, type, s, this.bookingUrl));
    } catch (error) {
      // Unpublished or deactivated between the listing and this read: nothing to publish.
      if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  }

  private async activeTypes(doctorId: string): Promise<AppointmentTypeDto[]> {
    try {
      return await this.types.activeOf(doctorId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  }
}
