/*
 * Row factories: they write rows straight into a running test app's database (no HTTP, no
 * password hashing), so an integration spec builds the world a rule is about in milliseconds
 * and then calls the service itself (`t.app.get(BookingService)`). In the spirit of Cal.com's
 * test/fixtures/repository and Immich's "medium" tests. The e2e specs build theirs through the
 * API instead (test/helpers/factories.ts), because there the contract is what is tested.
 */
export * from './people.js';
export * from './scheduling.js';
export * from './sessions.js';
export * from './sql.js';
export * from './waitlist.js';
export * from './webhooks.js';
