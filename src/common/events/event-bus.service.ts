import { Injectable } from '@nestjs/common';
import type { Db } from '../../db/database.js';
import type { Relation } from '../access/permission.js';
import type { Role } from '../auth/policy.js';
import type { ClientContext } from '../http/client-context.js';

/**
 * What one module tells the others, by event name. Two kinds, told apart by `tx`:
 *
 * - **In-transaction** events carry `tx`, the emitter's open transaction. Handlers run before
 *   the commit and do their database work through `tx`, so it commits or rolls back with the
 *   change; a handler that throws rolls the change back. They must do nothing that cannot be
 *   undone (no cache, no mail): the transaction may still fail after them.
 * - **Committed** events carry no executor and are emitted after the commit, before the
 *   response goes out, so a client that reads right after its own write sees the consequences.
 *   Their handlers must not fail a change that has already happened: what is only an
 *   optimisation (a cache) catches and logs its own failures.
 *
 * docs/ARCHITECTURE.md ("Modules") lists who emits and who listens to each.
 */
export interface EventMap {
  /** In transaction: an account signed up (POST /auth/register). */
  'user.registered': { tx: Db; userId: string; role: Role; termsVersion: string | null };
  /**
   * In transaction: an account is being deleted (DELETE /api/v1/me). Each module erases or
   * pseudonymises what it holds of the user through `tx`: the owners of appointments mark them
   * kept until `retainUntil` and cancel the future ones, adding each cancelled appointment to
   * `cancelled` so the emitter announces it (`appointment.cancelled`) after the commit.
   */
  'account.deleting': { tx: Db; userId: string; role: Role; at: Date; retainUntil: Date; client: ClientContext; cancelled: AppointmentEvent[] };
  /** Committed: an account was deleted (caches that show it forget it). */
  'account.deleted': { userId: string; role: Role };
  /** Committed: a user changed their own account (PATCH /auth/me); `fields` names what the request set. */
  'user.profileChanged': { userId: string; role: Role; fields: readonly string[] };
  /** Committed: a doctor's profile changed (PATCH /doctors/me). */
  'doctor.profileChanged': { doctorId: string; identityChanged: readonly string[]; timezoneChanged: boolean };
  /**
   * Committed: what a doctor's slots are computed from changed: the time zone (from the profile
   * or availability) or the weekly hours, settings or time off.
   */
  'doctor.scheduleChanged': { doctorId: string; zoneChanged: boolean };
  /** In transaction: a review of the doctor was inserted. */
  'review.created': { tx: Db; doctorId: string };
  /** Committed: the doctor's rating changed (a review was added). */
  'doctor.ratingChanged': { doctorId: string };
  /** Committed: an admin renamed or removed a plan of the insurance catalogue, which profiles and cards show. */
  'insurancePlans.changed': { planId: string };
  /**
   * Committed: a booking. `holds` is the doctor's time it takes (start to the end of the
   * buffer) and `doctorNextAvailableAt` the doctor's next opening as read before it, so a
   * listener can tell whether the booking took that opening.
   */
  'appointment.booked': AppointmentEvent & { holds: { start: Date; end: Date }; doctorNextAvailableAt: Date | null };
  /** Committed: an appointment moved to another time. */
  'appointment.rescheduled': AppointmentEvent & { from: Date; to: Date };
  /** Committed: an appointment was cancelled, by its patient, its doctor or an admin. */
  'appointment.cancelled': AppointmentEvent & { by: Relation };
  /** Committed: the doctor marked the visit completed. */
  'appointment.completed': AppointmentEvent;
  /** Committed: the doctor marked the patient a no-show. */
  'appointment.noShow': AppointmentEvent;
  /**
   * In transaction: an appointment was booked or changed, whatever path made the change.
   * `appointment` is the resource after the change as the API shows it to its doctor and as it
   * shows it to admins (no video link), so a listener can record it with the change for
   * either (webhooks' deliveries: a doctor's subscription, the clinic's).
   */
  'appointment.recorded': AppointmentEvent & { tx: Db; change: AppointmentChange; appointment: AppointmentAsSeen };
  /** In transaction: an admin verified a doctor; `doctor` is the profile as admins and the doctor see it. */
  'doctor.verified': { tx: Db; doctorId: string; doctor: Record<string, unknown> };
  /**
   * In transaction: a freed slot was offered to a waitlisted patient (a hold, issue 13); `offer`
   * is what the doctor and admins may see of it: times, type and ids, nothing about the patient's health.
   */
  'waitlist.offered': { tx: Db; doctorId: string; offer: Record<string, unknown> };
}

/** An appointment as the API shows it to its doctor, and to admins. */
export interface AppointmentAsSeen {
  byDoctor: Record<string, unknown>;
  byAdmins: Record<string, unknown>;
}

/** What happened to an appointment, as integrations name it. */
export type AppointmentChange = 'appointment.booked' | 'appointment.rescheduled' | 'appointment.cancelled' | 'appointment.completed' | 'appointment.no_show';

/** Who an appointment event is about; listeners read anything else from the appointment's owner. */
export interface AppointmentEvent {
  appointmentId: string;
  doctorId: string;
  patientId: string;
}

export type EventName = keyof EventMap;
export type EventHandler<E extends EventName> = (payload: EventMap[E]) => Promise<void> | void;

type HandlerLists = { [E in EventName]?: EventHandler<E>[] };

/**
 * A typed in-process event bus. Modules register handlers when they initialise (`on` in
 * `onModuleInit`); `emit` awaits them one after another in registration order and lets the
 * first failure propagate to the emitter. Nothing is queued or retried: a handler's work is
 * part of the emitting request.
 */
@Injectable()
export class EventBus {
  private readonly handlers: HandlerLists = {};

  on<E extends EventName>(event: E, handler: EventHandler<E>): void {
    const list = (this.handlers[event] ?? []) as EventHandler<E>[];
    list.push(handler);
    (this.handlers as Record<E, EventHandler<E>[]>)[event] = list;
  }

  async emit<E extends EventName>(event: E, payload: EventMap[E]): Promise<void> {
    const list = (this.handlers[event] ?? []) as EventHandler<E>[];
    // A copy: a handler that registers another does not extend this emission.
    for (const handler of [...list]) await handler(payload);
  }
}
