import { sql } from 'drizzle-orm';
import { check, index, inet, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant, uuidPrimaryKey } from './columns.js';

/**
 * The audit trail: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). No foreign
 * keys, so rows outlive the accounts they mention. `details` never holds secrets.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuidPrimaryKey(),
    at: instant('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    ip: inet('ip'),
    /** The server's own id of the request; never taken from the caller. */
    requestId: text('request_id'),
    /** The caller's X-Request-Id, when it sent a well-formed one: kept, but apart from ours. */
    clientRequestId: text('client_request_id'),
    details: jsonb('details').$type<Record<string, string | number | boolean | null>>(),
  },
  (t) => [
    check('audit_events_outcome_check', sql`${t.outcome} in ('success', 'failure', 'denied')`),
    index('audit_events_actor_at_idx').on(t.actorId, t.at), index('audit_events_action_at_idx').on(t.action, t.at),
    index('audit_events_resource_at_idx').on(t.resourceType, t.resourceId, t.at)],
);
