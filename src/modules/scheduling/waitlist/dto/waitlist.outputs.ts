import { z } from 'zod';
import { instantOutput } from '../../../../common/validation/instant.js';
import type { WaitlistEntryView } from '../waitlist.repository.js';

export const MAX_OPEN_WAITLIST_ENTRIES = 5;

export const waitlistEntrySchema = z
  .object({
    id: z.uuid(),
    doctorId: z.uuid(),
    appointmentTypeId: z.uuid(),
    from: instantOutput,
    to: instantOutput,
    times: z.array(z.object({ start: z.string().max(5), end: z.string().max(5) }).meta({ id: 'TimeOfDayWindowOutput' })).max(14),
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
