/**
 * What shared caches and browsers may do with a response, decided from the matched route
 * template, the method, the status and whether the request was signed in. The one table of
 * cacheable reads; every other response is `private, no-store`.
 */

/** How long a kind of public read stays fresh. */
export const CACHE_CONTROL = {
  /** The specialty catalogue changes only with a migration. */
  catalogue: 'public, max-age=3600',
  /** Profiles, search, reviews, hours and appointment types: a minute stale is harmless. */
  directory: 'public, max-age=60, stale-while-revalidate=300',
  /** Slots change with every booking: keep them, but ask (cheaply, with the ETag) every time. */
  revalidate: 'no-cache',
  /** Content-addressed files (photo paths name their content hash): never change. */
  immutable: 'public, max-age=31536000, immutable',
  /** SMART Scheduling Links files: aggregators poll them; five minutes stale spares the slot engine. */
  publish: 'public, max-age=300',
} as const;

export type CacheKind = keyof typeof CACHE_CONTROL;

/** For everything that is not an anonymous, successful public read. */
export const NOT_STORED = 'private, no-store';

/**
 * The public GET routes whose answers are the same for every anonymous caller, by template.
 * Each is `@Public()` (test/e2e/http/caching.spec.ts holds that). A route that requires a role
 * cannot leak through here even if listed: without a token it answers 401, and any request
 * with a token is `private, no-store`.
 */
export const CACHEABLE_READS: ReadonlyMap<string, CacheKind> = new Map([
  ['/api/v1/specialties', 'catalogue'],
  /** Admins change it rarely; a minute stale is harmless. */
  ['/api/v1/insurance-plans', 'directory'],
  ['/api/v1/doctors', 'directory'],
  ['/api/v1/doctors/:id', 'directory'],
  ['/api/v1/doctors/:id/reviews', 'directory'],
  ['/api/v1/doctors/:id/availability', 'directory'],
  ['/api/v1/doctors/:id/appointment-types', 'directory'],
  ['/api/v1/doctors/:id/slots', 'revalidate'],
  ['/api/v1/doctors/:id/photos/:file', 'immutable'],
  ['/fhir/R4/$bulk-publish', 'publish'],
  ['/fhir/R4/$bulk-publish/Location.ndjson', 'publish'],
  ['/fhir/R4/$bulk-publish/Schedule.ndjson', 'publish'],
  ['/fhir/R4/$bulk-publish/Slot.ndjson', 'publish'],
]);

export interface Exchange {
  method: string;
  /** The matched route template (`/api/v1/doctors/:id`), undefined when nothing matched. */
  routeTemplate: string | undefined;
  statusCode: number;
  /**
   * The request carried credentials (an `Authorization` header, valid or not) or was resolved
   * to a principal. A public route may answer a signed-in caller differently (a doctor sees
   * their own unpublished profile, an admin any), so such answers are never shared.
   */
  signedIn: boolean;
}

export type CacheDecision = { cacheControl: string; validated: false } | { cacheControl: string; validated: true; vary: 'Authorization' };

/**
 * `validated` answers carry a strong ETag, may be answered 304, and vary on `Authorization`
 * so no cache hands the anonymous answer to a signed-in caller (or the reverse).
 */
export function cacheDecisionFor(exchange: Exchange): CacheDecision {
  const kind = exchange.routeTemplate === undefined ? undefined : CACHEABLE_READS.get(exchange.routeTemplate);
  const read = exchange.method === 'GET' || exchange.method === 'HEAD';
  if (kind === undefined || !read || exchange.statusCode !== 200 || exchange.signedIn) return { cacheControl: NOT_STORED, validated: false };
  return { cacheControl: CACHE_CONTROL[kind], validated: true, vary: 'Authorization' };
}
