import { Injectable } from '@nestjs/common';
import { AuditService, type AuditOutcome } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import type { ClientContext } from '../../common/http/client-context.js';

/**
 * Audit events for appointments. Details are codes and ids only: the visit reason and the
 * cancellation reason are health data and never reach the trail.
 */
@Injectable()
export class AppointmentAudit {
  constructor(private readonly audit: AuditService) {}

  record(
    action: 'read' | 'book' | 'cancel' | 'reschedule' | 'complete' | 'no_show' | 'review',
    outcome: AuditOutcome,
    principal: Principal,
    client: ClientContext,
    appointmentId: string | null,
    details?: Record<string, string | number | boolean | null>,
  ): Promise<void> {
    return this.audit.record({
      action: `appointment.${action}`,
      outcome,
      actor: { id: principal.userId, role: principal.role },
      resource: { type: 'appointment', id: appointmentId },
      client,
      details,
    });
  }
}
