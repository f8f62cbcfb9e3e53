import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Relation } from '../../../common/access/permission.js';
import { AuditService } from '../../../common/audit/audit.service.js';
import { EventBus, type EventMap } from '../../../common/events/event-bus.service.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';
import { appointmentAsSeen } from '../appointments/dto/appointment.outputs.js';
import { cancelledMessage } from '../notifications/notification-messages.js';
import { OutboxRepository } from '../notifications/outbox.repository.js';
import { AccountErasureRepository } from './account-erasure.repository.js';

/**
 * The scheduling module's part of deleting an account (`account.deleting`, in its transaction):
 * the account's future visits are cancelled, and the other party told through the outbox as
 * any cancellation is (only them: the deleted account has no address left); every appointment
 * of the account is kept for the other party's records until the retention ends; its waitlist
 * entries, holds, notification preferences and calendar feed token go.
 */
@Injectable()
export class AccountErasureListeners implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly repository: AccountErasureRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditService,
    private readonly appointments: AppointmentsRepository,
  ) {}

  onModuleInit(): void {
    this.events.on('account.deleting', (event) => this.erase(event));
  }

  private async erase({ tx, userId, role, at, retainUntil, client, cancelled }: EventMap['account.deleting']): Promise<void> {
    const as = partyOf(role);
    if (as) {
      for (const visit of await this.repository.cancelFuture(tx, userId, as, at)) {
        const other = as === 'doctor' ? visit.patientId : visit.doctorUserId;
        await this.outbox.dropPendingReminders(tx, visit.appointmentId);
        const message = cancelledMessage(visit.appointmentId, visit.startAt);
        await this.outbox.enqueue(tx, [{ ...message, payload: { ...message.payload, recipientId: other } }]);
        await this.audit.record(
          { action: 'appointment.cancel', outcome: 'success', actor: { id: userId, role }, resource: { type: 'appointment', id: visit.appointmentId }, client, details: { cancelledBy: as, cause: 'account_deleted' } },
          tx,
        );
        const about = { appointmentId: visit.appointmentId, doctorId: visit.doctorId, patientId: visit.patientId };
        // As every cancellation: integrations (webhooks) hear of it, with the appointment as it is now.
        const view = await this.appointments.findView(visit.appointmentId, tx);
        if (view) await this.events.emit('appointment.recorded', { tx, change: 'appointment.cancelled', ...about, appointment: appointmentAsSeen(view) });
        cancelled.push(about);
      }
    }
    await this.repository.retain(tx, userId, retainUntil);
    await this.repository.removeOwnRows(tx, userId);
  }
}

/** The side of an appointment an account is on; an admin is on none. */
function partyOf(role: Relation): Relation | null {
  switch (role) {
    case 'patient':
    case 'doctor':
      return role;
    default:
      return null;
  }
}
