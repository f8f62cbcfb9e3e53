import { isUuid } from '../../../common/validation/uuid.js';

/**
 * FHIR logical ids are at most 64 of [A-Za-z0-9.-], so two UUIDs do not fit side by side
 * (73 characters). A UUID written in base 36 is at most 25 characters and reads back exactly,
 * so a Schedule (one doctor, one appointment type) and a Slot (a Schedule and a start) get
 * ids that are stable and carry what is needed to compute them, with no table of ids.
 */

export function uuidToBase36(uuid: string): string {
  return BigInt(`0x${uuid.replaceAll('-', '')}`).toString(36);
}

export function base36ToUuid(text: string): string | null {
  if (!/^[0-9a-z]{1,25}$/.test(text)) return null;
  let value = 0n;
  for (const char of text) value = value * 36n + BigInt(parseInt(char, 36));
  const hex = value.toString(16);
  if (hex.length > 32) return null;
  const padded = hex.padStart(32, '0');
  const uuid = `${padded.slice(0, 8)}-${padded.slice(8, 12)}-${padded.slice(12, 16)}-${padded.slice(16, 20)}-${padded.slice(20)}`;
  return isUuid(uuid) ? uuid : null;
}

export interface ScheduleKey {
  doctorId: string;
  appointmentTypeId: string;
}

export function scheduleId(key: ScheduleKey): string {
  return `${uuidToBase36(key.doctorId)}.${uuidToBase36(key.appointmentTypeId)}`;
}

/** The doctor and type a Schedule id names, or null for anything that is not one of ours. */
export function parseScheduleId(id: string): ScheduleKey | null {
  const parts = id.split('.');
  if (parts.length !== 2) return null;
  const doctorId = base36ToUuid(parts[0]!);
  const appointmentTypeId = base36ToUuid(parts[1]!);
  return doctorId && appointmentTypeId ? { doctorId, appointmentTypeId } : null;
}

/** A slot of a schedule is named by its start, in whole seconds since the epoch, base 36. */
export function slotId(key: ScheduleKey, start: Date): string {
  return `${scheduleId(key)}.${Math.floor(start.getTime() / 1000).toString(36)}`;
}

/** The schedule and start a Slot id names, or null. */
export function parseSlotId(id: string): { key: ScheduleKey; start: Date } | null {
  const cut = id.lastIndexOf('.');
  const key = cut > 0 ? parseScheduleId(id.slice(0, cut)) : null;
  const seconds = /^[0-9a-z]{1,9}$/.test(id.slice(cut + 1)) ? parseInt(id.slice(cut + 1), 36) : Number.NaN;
  return key && Number.isFinite(seconds) ? { key, start: new Date(seconds * 1000) } : null;
}

/** `Practitioner/<id>` or a bare `<id>` (FHIR allows both in a reference search parameter). */
export function referenceId(value: string, type: string): string {
  return value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
}
