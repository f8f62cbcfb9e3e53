import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import type { Db } from '../../db/database.js';
import type { Role } from '../auth/policy.js';
import type { ClientContext } from '../http/client-context.js';
import type { AuditOutcome } from '../validation/enums.js';
import { AuditRepository } from './audit.repository.js';

export type { AuditOutcome };

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
    const row = {
      action: event.action,
      outcome: event.outcome,
      actorId: event.actor?.id ?? null,
      actorRole: event.actor?.role ?? null,
      resourceType: event.resource.type,
      resourceId: event.resource.id ?? null,
      ip: event.client?.ip && isIP(event.client.ip) ? event.client.ip : null,
      requestId: event.client?.requestId ?? null,
      clientRequestId: event.client?.clientRequestId ?? null,
      details: event.details ?? null,
    };
    await this.repository.insert(row, within);
  }
}
