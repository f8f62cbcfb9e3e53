import { z } from 'zod';
import { instantOutput } from '../../../../common/validation/instant.js';
import type { WaitlistEntryView } from '../waitlist.repository.js';

/** HH:MM as entered, 00:00..24:00 (the inputs' rule). */
const localTimeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/).max(5);

export const MAX_OPEN_WAITLIST_ENTRIES = 5;

export const waitlistEntrySchema = z
  .object({
    id: z.uuid(),
    doctorId: z.uuid(),
    appointmentTypeId: z.uuid(),
    from: instantOutput,
    to: instantOutput,
    times: z.array(z.object({ start: localTimeOfDay, end: localTimeOfDay }).meta({ id: 'TimeOfDayWindowOutput' })).max(14),
    createdAt: instantOutput,
    /** The live offer: a hold for the caller, to book with `holdId` or decline. */
    offer: z
      .object({ holdId: z.uuid(), start: instantOutput, end: instantOutput, expiresAt: instantOutput })
      .meta({ id: 'WaitlistOffer' })
      .nullable(),
  })
  .meta({ id: 'WaitlistEntry' });
export type WaitlistEntryDto = z.infer<typeof waitlistEntrySchema>;

export const waitlistEntryListSchema = z.array(waitlistEntrySchema).max(MAX_OPEN_WAITLIST_ENTRIES).meta({ id: 'WaitlistEntryList' });

export function toWaitlistEntryDto(view: Omit<WaitlistEntryView, 'offer'> & { offer?: WaitlistEntryView['offer'] }): WaitlistEntryDto {
  const offer = view.offer ?? null;
  return {
    id: view.id,
    doctorId: view.doctorId,
    appointmentTypeId: view.appointmentTypeId,
    from: view.fromAt.toISOString(),
    to: view.toAt.toISOString(),
    times: view.times,
    createdAt: view.createdAt.toISOString(),
    offer: offer && { holdId: offer.holdId, start: offer.start.toISOString(), end: offer.end.toISOString(), expiresAt: offer.expiresAt.toISOString() },
  };
}

/**
 * An offer as the doctor and admins may see it (the `waitlist.offered` webhook's data): when,
 * what, until when, and whose ids; no name, contact or reason of the patient.
 */
export const waitlistOfferedSchema = z
  .object({
    holdId: z.uuid(),
    waitlistEntryId: z.uuid(),
    doctorId: z.uuid(),
    patientId: z.uuid(),
    appointmentTypeId: z.uuid(),
    start: instantOutput,
    end: instantOutput,
    expiresAt: instantOutput,
  })
  .meta({ id: 'WaitlistOffered' });
export type WaitlistOfferedDto = z.infer<typeof waitlistOfferedSchema>;

export function toWaitlistOfferedDto(hold: {
  id: string;
  waitlistEntryId: string | null;
  doctorId: string;
  patientId: string;
  appointmentTypeId: string;
  startAt: Date;
  endAt: Date;
  expiresAt: Date;
}, entryId: string): WaitlistOfferedDto {
  return {
    holdId: hold.id,
    waitlistEntryId: hold.waitlistEntryId ?? entryId,
    doctorId: hold.doctorId,
    patientId: hold.patientId,
    appointmentTypeId: hold.appointmentTypeId,
    start: hold.startAt.toISOString(),
    end: hold.endAt.toISOString(),
    expiresAt: hold.expiresAt.toISOString(),
  };
}
