import { z } from 'zod';
import { cursorParam, limitParam } from '../../../common/pagination/page-query.js';
import { instantSchema } from '../../../common/validation/instant.js';

/**
 * A paged search: its own parameters, then FHIR's `_count` (the REST API's `limit`, 1..100,
 * default 20) and `_page` (the REST API's opaque cursor, handed out in the `next` link).
 */
const pagedSearch = <Shape extends z.ZodRawShape>(parameters: Shape) =>
  z.strictObject({
    ...parameters,
    _count: limitParam,
    _page: cursorParam.meta({ description: 'From the `next` link of the previous page' }),
  });
/** A reference search value: `Type/id` or a bare id. */
const reference = z
  .string()
  .max(120)
  .regex(/^([A-Z][A-Za-z]{1,40}\/)?[A-Za-z0-9.-]{1,64}$/, 'must be Type/id or an id');
/** A date search value, one or more times: `ge2027-03-15T00:00:00Z`, `lt2027-03-16`, `2027-03-15`. */
const dateValue = z.string().max(40).regex(/^(eq|ge|gt|le|lt)?\d{4}-\d{2}-\d{2}[0-9T:.+Z-]*$/, 'must be a date or an instant after an optional prefix eq, ge, gt, le or lt');
const dateParam = z
  .union([dateValue, z.array(dateValue).max(2)])
  .transform((value) => [value].flat())
  .meta({ description: 'A prefix (ge, gt, le, lt, eq) and an instant or a date; at most twice' });

export const practitionerSearchSchema = pagedSearch({
  name: z.string().trim().min(1).max(200).optional().meta({ description: 'Words of the name (typo-tolerant, as the directory search)' }),
});
export type PractitionerSearch = z.output<typeof practitionerSearchSchema>;

export const practitionerRoleSearchSchema = pagedSearch({
  practitioner: reference.optional(),
  specialty: z
    .string()
    .max(120)
    .regex(/^(urn:ihosi:fhir:specialty\|)?[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a specialty code')
    .optional().meta({ description: 'A specialty code, with or without `urn:ihosi:fhir:specialty|`' }),
});
export type PractitionerRoleSearch = z.output<typeof practitionerRoleSearchSchema>;

export const scheduleSearchSchema = z.strictObject({
  actor: reference.meta({ description: 'Practitioner/<id>: the doctor whose schedules (one per active appointment type) to list' }),
});
export type ScheduleSearch = z.output<typeof scheduleSearchSchema>;

export const slotSearchSchema = pagedSearch({
  schedule: reference.meta({ description: 'Schedule/<id>' }),
  start: dateParam,
  status: z.enum(['free']).optional().meta({ description: 'Only free slots are published' }),
});
export type SlotSearch = z.output<typeof slotSearchSchema>;

export const appointmentSearchSchema = pagedSearch({
  patient: reference.optional(),
  practitioner: reference.optional(),
  date: dateParam.optional(),
});
export type AppointmentSearch = z.output<typeof appointmentSearchSchema>;

/** The search parameters each resource type takes, as its query schema holds them (the CapabilityStatement lists these). */
export const SEARCH_SCHEMAS = {
  Practitioner: practitionerSearchSchema,
  PractitionerRole: practitionerRoleSearchSchema,
  Schedule: scheduleSearchSchema,
  Slot: slotSearchSchema,
  Appointment: appointmentSearchSchema,
} as const;

/** SMART Scheduling Links: `_since` for an incremental fetch of `$bulk-publish` and its files. */
export const publishQuerySchema = z.strictObject({
  _since: instantSchema
    .optional()
    .meta({ description: 'An instant (the `transactionTime` of an earlier manifest): only the doctors whose schedule changed after it, each in full' }),
});
export type PublishQuery = z.output<typeof publishQuerySchema>;
