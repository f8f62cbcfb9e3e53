import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, inet, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /**
     * The hash chain (migration 0034): set by the BEFORE INSERT trigger `zz_audit_events_chain`,
     * whatever the insert says, so optional here; NOT NULL in the database.
     * row_hash = sha256(prev_hash || audit_event_canonical(row)), hex; the first prev_hash is 64 zeros.
     */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    rowHash: text('row_hash'),
  },
  (t) => [
    check('audit_events_outcome_check', sql`${t.outcome} in ('success', 'failure', 'denied')`),
    index('audit_events_actor_at_idx').on(t.actorId, t.at), index('audit_events_action_at_idx').on(t.action, t.at),
    index('audit_events_resource_at_idx').on(t.resourceType, t.resourceId, t.at),
    uniqueIndex('audit_events_chain_seq_idx').on(t.chainSeq)],
);

/** The chain's head: one row, locked by each audit insert until its transaction ends. */
export const auditChainHead = pgTable('audit_chain_head', {
  singleton: boolean('singleton').primaryKey().default(true),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
