import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import type { Db } from '../../db/database.js';
import type { Role } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { ClientContext } from '../http/client-context.js';
import type { AuditOutcome } from '../validation/enums.js';
import { clipText } from '../validation/clip-text.js';
import { AuditRepository, type AuditEventInsert, type AuditStatement } from './audit.repository.js';

export type { AuditOutcome };

/**
 * The longest value each recorded text may have, as `GET /admin/audit-events` documents it
 * (audit-event.outputs.ts); `record` clips to them, so the bounds hold whatever a caller passes.
 * The filters of that route take the same lengths. An address is at most 45 characters
 * (IPv6 with an IPv4 tail); a longer one (a zone index) is not recorded.
 */
export const AUDIT_BOUNDS = { action: 100, resourceType: 50, resourceId: 100, ip: 45, requestId: 128, detail: 1_000 } as const;

export interface AuditEvent {
  /** What happened, as `area.verb`, e.g. `auth.login`. */
  action: string;
  outcome: AuditOutcome;
  actor?: { id: string; role?: Role | null } | null;
  resource: { type: string; id?: string | null };
  /** Where the request came from; absent for start-up and command-line actions. */
  client?: ClientContext | null;
  /** Small, non-secret facts (a reason, a count). Never passwords, tokens or hashes. */
  details?: Record<string, string | number | boolean | null>;
}

/** An event of a signed-in caller's request, less what their principal and client context say. */
export type CallerAuditEvent = Omit<AuditEvent, 'actor' | 'client'>;

/**
 * "A signed-in user did X to Y, from here": the actor taken from the caller's principal in one
 * place, so every row of a request names its caller the same way. `client` is null where the
 * caller's request is not at hand (a service called without it).
 */
export function callerEvent(principal: Principal, client: ClientContext | null, event: CallerAuditEvent): AuditEvent {
  return { ...event, actor: { id: principal.userId, role: principal.role }, client };
}

/**
 * The audit trail (HIPAA 164.312(b)): who did what to which record, from where, when, and
 * whether it worked. Rows are append-only in the database. Awaited by callers, so an action
 * whose audit row cannot be written fails rather than going unrecorded. A change records its
 * success with `within` set to the change's own transaction: the row and the change commit
 * together or not at all (written after the commit, a crash in between would lose the row).
 */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async record(event: AuditEvent, within?: Db): Promise<void> {
    await this.repository.insert(rowOf(event), within);
  }

  /** `record` for what the signed-in `principal` did in a request from `client` (see `callerEvent`). */
  async recordBy(principal: Principal, client: ClientContext | null, event: CallerAuditEvent, within?: Db): Promise<void> {
    await this.record(callerEvent(principal, client, event), within);
  }

  /**
   * The success row of a change as a statement the change's own statement embeds (a booking's
   * insert): it commits with the change, like `record(event, tx)`, with no round trip of its own.
   */
  statement(event: AuditEvent): AuditStatement {
    return this.repository.insertStatement(rowOf(event));
  }
}

function rowOf(event: AuditEvent): AuditEventInsert {
  return {
    action: clipText(event.action, AUDIT_BOUNDS.action),
    outcome: event.outcome,
    actorId: event.actor?.id ?? null,
    actorRole: event.actor?.role ?? null,
    resourceType: clipText(event.resource.type, AUDIT_BOUNDS.resourceType),
    resourceId: event.resource.id ? clipText(event.resource.id, AUDIT_BOUNDS.resourceId) : null,
    ip: event.client?.ip && isIP(event.client.ip) && event.client.ip.length <= AUDIT_BOUNDS.ip ? event.client.ip : null,
    requestId: optionalClip(event.client?.requestId, AUDIT_BOUNDS.requestId),
    clientRequestId: optionalClip(event.client?.clientRequestId, AUDIT_BOUNDS.requestId),
    details: event.details ? clippedDetails(event.details) : null,
  };
}

function optionalClip(text: string | null | undefined, max: number): string | null {
  return text ? clipText(text, max) : null;
}

function clippedDetails(details: NonNullable<AuditEvent['details']>): NonNullable<AuditEvent['details']> {
  return Object.fromEntries(Object.entries(details).map(([key, value]) => [key, typeof value === 'string' ? clipText(value, AUDIT_BOUNDS.detail) : value]));
}
