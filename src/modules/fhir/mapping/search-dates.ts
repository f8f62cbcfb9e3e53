import type { FieldError } from '../../../common/errors/app-error.js';

/** A half-open range of instants, either side open when not given. */
export interface InstantBounds {
  from?: Date;
  to?: Date;
}

const VALUE = /^(eq|ge|gt|le|lt)?(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?)$/;
const DAY_MS = 86_400_000;

/**
 * FHIR date search values (`ge2027-03-15T09:00:00Z`, `lt2027-03-16`, `2027-03-15`) as one
 * range [from, to). A date without a time is a whole UTC day; `eq` (or no prefix) is the
 * value's own extent, `gt`/`le` its end, `ge`/`lt` its start. Anything else is a field error.
 */
export function parseDateBounds(field: string, values: readonly string[]): InstantBounds | FieldError {
  const bounds: InstantBounds = {};
  for (const value of values) {
    const match = VALUE.exec(value);
    const start = match ? new Date(match[2]!.length === 10 ? `${match[2]}T00:00:00Z` : match[2]!) : null;
    if (!match || !start || Number.isNaN(start.getTime())) {
      return { field, message: 'must be a date or an instant with a time zone, after an optional prefix eq, ge, gt, le or lt' };
    }
    const end = new Date(start.getTime() + (match[2]!.length === 10 ? DAY_MS : 1));
    const prefix = match[1] ?? 'eq';
    if (prefix === 'eq' || prefix === 'ge' || prefix === 'gt') bounds.from = later(bounds.from, prefix === 'gt' ? end : start);
    if (prefix === 'eq' || prefix === 'lt' || prefix === 'le') bounds.to = earlier(bounds.to, prefix === 'lt' ? start : end);
  }
  return bounds;
}

export function isFieldError(value: InstantBounds | FieldError): value is FieldError {
  return 'message' in value;
}

function later(a: Date | undefined, b: Date): Date {
  return a && a > b ? a : b;
}

function earlier(a: Date | undefined, b: Date): Date {
  return a && a < b ? a : b;
}
