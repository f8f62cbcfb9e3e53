import { z } from 'zod';

/** The one schema for an id in a path (`/appointments/:id`); ids are UUIDs. */
export const uuidParam = z.uuid();

export function isUuid(value: unknown): value is string {
  return uuidParam.safeParse(value).success;
}
