import type { AppointmentTypeDto } from '../../scheduling/appointment-types/dto/appointment-type.outputs.js';
import type { DoctorDto } from '../../doctors/dto/doctor.outputs.js';
import type { FhirResource, Reference } from './fhir-types.js';
import { toSchedule, toSlot } from './scheduling.mapping.js';

/** SMART Scheduling Links (https://github.com/smart-on-fhir/smart-scheduling-links): the files `$bulk-publish` names. */
export const PUBLISHED_TYPES = ['Location', 'Schedule', 'Slot'] as const;
export type PublishedType = (typeof PUBLISHED_TYPES)[number];

export const BOOKING_DEEP_LINK = 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link';
export const BOOKING_PHONE = 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone';

type PracticeLocation = DoctorDto['locations'][number];

/** A practice location as a FHIR Location: the address, the position when the doctor gave one, the phone. */
export function toLocation(location: PracticeLocation): FhirResource {
  const resource: FhirResource = {
    resourceType: 'Location',
    id: location.id,
    status: 'active',
    name: location.name,
    address: {
      line: [location.address],
      city: location.city,
      country: location.country,
      ...(location.postalCode ? { postalCode: location.postalCode } : {}),
    },
  };
  if (location.phone) resource.telecom = [{ system: 'phone', value: location.phone }];
  if (location.latitude !== null && location.longitude !== null) resource.position = { latitude: location.latitude, longitude: location.longitude };
  if (location.accessibilityNotes) resource.description = location.accessibilityNotes;
  return resource;
}

/**
 * A Schedule as published: the one the FHIR face serves, its actors the doctor and, for
 * visits in person, each practice location (SMART Scheduling Links finds slots by Location).
 */
export function toPublishedSchedule(doctor: DoctorDto, type: AppointmentTypeDto): FhirResource {
  const schedule = toSchedule(doctor, type);
  if (type.mode === 'in_person') {
    const places: Reference[] = doctor.locations.map((l) => ({ reference: `Location/${l.id}`, display: l.name }));
    schedule.actor = [...(schedule.actor as Reference[]), ...places];
  }
  return schedule;
}

/** A free slot as published: the FHIR face's Slot with a link to book it, and the practice's phone when there is one. */
export function toPublishedSlot(
  doctor: DoctorDto,
  type: AppointmentTypeDto,
  slot: { start: string; end: string },
  bookingUrl: string,
): FhirResource {
  const resource = toSlot({ doctorId: doctor.id, appointmentTypeId: type.id, typeName: type.name }, slot);
  const link = new URL(bookingUrl);
  link.searchParams.set('doctor', doctor.id);
  link.searchParams.set('appointmentType', type.id);
  link.searchParams.set('start', slot.start);
  const extension: { url: string; valueUrl?: string; valueString?: string }[] = [{ url: BOOKING_DEEP_LINK, valueUrl: link.toString() }];
  const phone = type.mode === 'in_person' ? doctor.locations.find((l) => l.phone)?.phone : undefined;
  if (phone) extension.push({ url: BOOKING_PHONE, valueString: phone });
  return { ...resource, extension };
}

/** The manifest: when, what was asked, and one file per type (each URL carries the same `_since`). */
export function toManifest(base: string, at: Date, since: string | undefined): Record<string, unknown> {
  const query = since === undefined ? '' : `?_since=${encodeURIComponent(since)}`;
  return {
    transactionTime: at.toISOString(),
    request: `${base}/$bulk-publish${query}`,
    output: PUBLISHED_TYPES.map((type) => ({ type, url: `${base}/$bulk-publish/${type}.ndjson${query}` })),
    error: [],
  };
}
