import { Inject, Injectable } from '@nestjs/common';
import type { Relation } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { AppError, invalidTransition } from '../../../common/errors/app-error.js';
import { mapDatabaseError } from '../../../common/errors/database-errors.js';
import { EventBus, type AppointmentChange, type AppointmentEvent } from '../../../common/events/event-bus.service.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { Transactions, type Executor } from '../../../db/transactions.js';
import { bookedMessage, cancelledMessage, rescheduledMessage } from '../notifications/notification-messages.js';
import { OutboxRepository, type OutboxMessage } from '../notifications/outbox.repository.js';
import { AppointmentAudit } from './appointment-audit.service.js';
import { BookingPrelude } from './booking-prelude.service.js';
import { AppointmentsRepository, type AppointmentView, type NewAppointment } from './appointments.repository.js';
import { appointmentAsSeen } from './dto/appointment.outputs.js';
import type { PlannedSlot } from './slot-planner.service.js';

type Closing = 'complete' | 'no_show';

/** What a change records beside itself: the audit action, its details, and the notifications it sends. */
interface ChangeRecord {
  action: 'cancel' | 'reschedule' | Closing;
  principal: Principal;
  client: ClientContext;
  details?: { [key: string]: string | number | boolean | null };
  messages?: OutboxMessage[];
  /** Deletes the appointment's pending reminders first (a cancellation; a move writes new ones). */
  dropReminders?: boolean;
}

/**
 * Every change of an appointment with what goes with it. The row's write, the notifications it
 * sends (outbox) and its audit success row share one transaction, so there is never a change
 * without its record or its mail, nor the other way round. After the commit, before the
 * response, it emits the change as an `appointment.*` event; ScheduleChanges hears it (slot
 * cache, next opening), and so can any module that needs to know.
 */
@Injectable()
export class AppointmentChanges {
  constructor(
    private readonly transactions: Transactions,
    private readonly appointments: AppointmentsRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: AppointmentAudit,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly prelude: BookingPrelude,
  ) {}

  /**
   * Inserts a booking inside the caller's transaction `tx`, which also holds the patient's cap
   * and the idempotency claim: the appointment, its messages and its audit row in one
   * statement, then its webhook deliveries. Call `booked` once `tx` has committed.
   * `reminderOffsets`: the type's, when the caller has the type at hand (saves reading it again).
   *
   * The insert is the last statement but the webhook look-up on purpose: it takes the
   * doctor's hold lock (migration 0025) and the audit chain's head lock (migration 0034), which
   * other bookings of the doctor, and every audited write, wait for until this transaction ends.
   */
  async book(tx: Executor, values: NewAppointment & { id: string }, principal: Principal, client: ClientContext, holdId?: string, reminderOffsets?: number[]): Promise<AppointmentView> {
    const withRoom = await this.prelude.settle(tx, values, principal, holdId);
    const reminders = await this.prelude.reminders(tx, values, values.startAt, this.clock.now(), reminderOffsets);
    const audit = this.audit.successStatement('book', principal, client, values.id, { doctorId: values.doctorId });
    const view = await this.appointments.insertBooked(tx, withRoom, [bookedMessage(values.id, values.startAt), ...reminders], audit);
    await this.recorded(tx, 'appointment.booked', view);
    return view;
  }

  /** After a booking's commit: `appointment.booked`, with the slot it holds, from its start to the end of its buffer. */
  booked(booking: AppointmentEvent, doctor: { nextAvailableAt: Date | null }, slot: PlannedSlot): Promise<void> {
    return this.events.emit('appointment.booked', { ...booking, holds: { start: slot.startAt, end: slot.busyUntil }, doctorNextAvailableAt: doctor.nextAvailableAt });
  }

  async cancel(view: AppointmentView, by: Relation, reason: string | null, principal: Principal, client: ClientContext): Promise<AppointmentView> {
    const updated = await this.write(view, (tx) => this.appointments.leaveConfirmed(tx, view.id, 'cancelled', { by, reason }), {
      action: 'cancel',
      principal,
      client,
      details: { cancelledBy: by },
      messages: [cancelledMessage(view.id, view.startAt)],
      dropReminders: true,
    });
    await this.events.emit('appointment.cancelled', { ...about(view), by });
    return updated;
  }

  /**
   * Cancels `views` (a visit of a series and its later occurrences) in one transaction: the
   * first must still be confirmed (else 409); a later one another request ended meanwhile is
   * left as it is. Answers the first.
   */
  async cancelMany(views: AppointmentView[], by: Relation, reason: string | null, principal: Principal, client: ClientContext): Promise<AppointmentView> {
    const first = views[0];
    const cancelled = await this.transactions.run(async (tx) => {
      const done: AppointmentView[] = [];
      for (const view of views) {
        if (!(await this.appointments.leaveConfirmed(tx, view.id, 'cancelled', { by, reason }))) {
          if (view === first) throw invalidTransition();
          continue;
        }
        await this.outbox.dropPendingReminders(tx, view.id);
        await this.outbox.enqueue(tx, [cancelledMessage(view.id, view.startAt)]);
        await this.audit.succeeded(tx, 'cancel', principal, client, view.id, { cancelledBy: by, scope: 'following', seriesId: view.seriesId });
        done.push(view);
      }
      return done;
    });
    for (const view of cancelled) await this.events.emit('appointment.cancelled', { ...about(view), by });
    return (await this.appointments.findView(first!.id))!;
  }

  /**
   * Moves the appointment to `slot`; the exclusion constraint refuses a taken one (409) and the
   * row keeps its old time. A move that fails is audited with the error's code, a taken slot
   * included; the schedule is only touched once the move has committed.
   */
  async move(view: AppointmentView, slot: PlannedSlot, principal: Principal, client: ClientContext): Promise<AppointmentView> {
    const record: ChangeRecord = {
      action: 'reschedule',
      principal,
      client,
      details: { from: view.startAt.toISOString(), to: slot.startAt.toISOString() },
      messages: [rescheduledMessage(view.id, slot.startAt), ...(await this.prelude.reminders(this.transactions.pool, view, slot.startAt, this.clock.now()))],
      dropReminders: true,
    };
    let updated: AppointmentView;
    try {
      // A moved video visit gets a new link: whoever had the old one cannot join the new time.
      updated = await this.write(view, (tx) => this.appointments.moveTo(tx, view.id, slot, this.prelude.roomFor(view.mode)), record);
    } catch (error) {
      const mapped = error instanceof AppError ? error : mapDatabaseError(error);
      await this.audit.record('reschedule', 'failure', principal, client, view.id, { code: mapped?.code ?? 'INTERNAL_ERROR' });
      throw mapped ?? error;
    }
    await this.events.emit('appointment.rescheduled', { ...about(view), from: view.startAt, to: updated.startAt });
    return updated;
  }

  /** `complete` or `no_show`: no notification goes out. */
  async close(view: AppointmentView, action: Closing, principal: Principal, client: ClientContext): Promise<AppointmentView> {
    const next = action === 'complete' ? 'completed' : 'no_show';
    const updated = await this.write(view, (tx) => this.appointments.leaveConfirmed(tx, view.id, next), { action, principal, client });
    await this.events.emit(action === 'complete' ? 'appointment.completed' : 'appointment.noShow', about(view));
    return updated;
  }

  /** The transaction alone. `change` answers false when another request changed the appointment first (409). */
  private write(view: AppointmentView, change: (tx: Executor) => Promise<boolean>, record: ChangeRecord): Promise<AppointmentView> {
    return this.transactions.run(async (tx) => {
      if (!(await change(tx))) throw invalidTransition();
      if (record.dropReminders) await this.outbox.dropPendingReminders(tx, view.id);
      if (record.messages) await this.outbox.enqueue(tx, record.messages);
      const updated = (await this.appointments.findView(view.id, tx))!;
      await this.recorded(tx, CHANGE_OF[record.action], updated);
      // Last, so the audit chain's head lock is held for the insert and the commit only (see `book`).
      await this.audit.succeeded(tx, record.action, record.principal, record.client, view.id, record.details);
      return updated;
    });
  }

  /** In the change's transaction: `appointment.recorded`, with the appointment as its doctor and admins see it (webhooks). */
  private recorded(tx: Executor, change: AppointmentChange, view: AppointmentView): Promise<void> {
    return this.events.emit('appointment.recorded', { tx, change, ...about(view), appointment: appointmentAsSeen(view) });
  }
}

const CHANGE_OF: Record<ChangeRecord['action'], AppointmentChange> = {
  cancel: 'appointment.cancelled',
  reschedule: 'appointment.rescheduled',
  complete: 'appointment.completed',
  no_show: 'appointment.no_show',
};

function about(view: AppointmentView): AppointmentEvent {
  return { appointmentId: view.id, doctorId: view.doctorId, patientId: view.patientId };
}
