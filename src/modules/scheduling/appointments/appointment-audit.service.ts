import { Injectable } from '@nestjs/common';
import type { AuditStatement } from '../../../common/audit/audit.repository.js';
import { AuditService, callerEvent, type AuditEvent, type AuditOutcome, type CallerAuditEvent } from '../../../common/audit/audit.service.js';
import type { Principal } from '../../../common/auth/principal.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import type { Executor } from '../../../db/transactions.js';

type AppointmentAction = 'read' | 'list' | 'book' | 'cancel' | 'reschedule' | 'complete' | 'no_show' | 'review';
type Details = AuditEvent['details'];

/**
 * Audit events for appointments. Details are codes and ids only: the visit reason and the
 * cancellation reason are health data and never reach the trail.
 */
@Injectable()
export class AppointmentAudit {
  constructor(private readonly audit: AuditService) {}

  record(
    action: AppointmentAction,
    outcome: AuditOutcome,
    principal: Principal,
    client: ClientContext,
    appointmentId: string | null,
    details?: Details,
    within?: Executor,
  ): Promise<void> {
    return this.audit.recordBy(principal, client, event(action, outcome, appointmentId, details), within);
  }

  /** A change's success row as a statement for the change's own statement to embed (a booking's insert): both commit or neither does. */
  successStatement(
    action: Exclude<AppointmentAction, 'read' | 'list'>,
    principal: Principal,
    client: ClientContext,
    appointmentId: string,
    details?: Details,
  ): AuditStatement {
    return this.audit.statement(callerEvent(principal, client, event(action, 'success', appointmentId, details)));
  }

  /** A change's success row, inside the change's transaction `tx`: both commit or neither does. */
  succeeded(
    tx: Executor,
    action: Exclude<AppointmentAction, 'read' | 'list'>,
    principal: Principal,
    client: ClientContext,
    appointmentId: string,
    details?: Details,
  ): Promise<void> {
    return this.record(action, 'success', principal, client, appointmentId, details, tx);
  }
}

/** The appointment part of a row; the caller's part comes from their principal (`callerEvent`). */
function event(action: AppointmentAction, outcome: AuditOutcome, appointmentId: string | null, details: Details): CallerAuditEvent {
  return { action: `appointment.${action}`, outcome, resource: { type: 'appointment', id: appointmentId }, details };
}
