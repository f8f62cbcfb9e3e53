import { z } from 'zod';
import type { Env } from './env.schema.js';
import { positiveInt } from './env-values.js';

/** SMART Scheduling Links (issue 15): `GET /fhir/R4/$bulk-publish`. */
export const publishEnv = {
  /** Days of free slots published, from now; the slot engine computes at most 62 days at once. */
  PUBLISH_DAYS: positiveInt.max(60).default(28),
  /** Where a published Slot's booking deep link points (doctor, type and start in its query); default PUBLIC_APP_URL/book. */
  PUBLISH_BOOKING_URL: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(500).optional(),
};

export interface PublishConfig {
  days: number;
  bookingUrl: string;
}

export function publishConfig(env: Env): PublishConfig {
  return { days: env.PUBLISH_DAYS, bookingUrl: env.PUBLISH_BOOKING_URL ?? `${env.PUBLIC_APP_URL.replace(/\/+$/, '')}/book` };
}
