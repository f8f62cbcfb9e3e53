import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../../../common/access/access.service.js';
import { Permission, type Relation } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { AppError, invalidTransition, notFound } from '../../../common/errors/app-error.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { AppointmentAudit } from './appointment-audit.service.js';
import { AppointmentChanges } from './appointment-changes.service.js';
import { decideTransition, patientMayChange } from './appointment-lifecycle.js';
import { AppointmentsRepository, type AppointmentView } from './appointments.repository.js';
import { AvailabilityRepository } from '../availability/availability.repository.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import type { CancelAppointmentInput, ListAppointmentsQuery } from './dto/appointment.inputs.js';
import { toAppointmentDto, type AppointmentDto, type AppointmentPageDto } from './dto/appointment.outputs.js';
import { CursorCodec, digestOf } from '../../../common/pagination/cursor-codec.service.js';
import { paginateByInstant } from '../../../common/pagination/paginate.js';

/** Reading, listing, cancelling and closing appointments. Booking and moving: BookingService, RescheduleService. */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly access: AccessService,
    private readonly appointments: AppointmentsRepository,
    private readonly availability: AvailabilityRepository,
    private readonly changes: AppointmentChanges,
    private readonly audit: AppointmentAudit,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cursors: CursorCodec,
  ) {}

  /** The caller's appointments (a patient's own, a doctor's own, everything for admins), by start. */
  async list(principal: Principal, query: ListAppointmentsQuery, client: ClientContext, narrow: AppointmentNarrowing = {}): Promise<AppointmentPageDto> {
    // A cursor is valid only for the caller and the filters it was issued for.
    const cursorScope = `appointments:${principal.userId}:${digestOf({ status: query.status, from: query.from, to: query.to, ...narrow })}`;
    const scope = await this.access.appointmentScope(principal);
    const filter = scope ? narrowed(scope.filter, narrow) : null;
    const page = await paginateByInstant(
      this.cursors,
      { scope: cursorScope, limit: query.limit, cursor: query.cursor },
      async (after, take) => (filter ? this.appointments.list({ ...filter, status: query.status, from: query.from, to: query.to, after, limit: take }) : []),
      (row) => row.startAt,
    );
    if (scope?.othersRecords) await this.auditListing(principal, query, narrow, page.data.length, client);
    const as = scope?.everyone ? 'admin' : principal.role;
    return { data: page.data.map((view) => toAppointmentDto(view, as)), nextCursor: page.nextCursor };
  }

  /**
   * An admin's listing reaches every patient's visit reasons, a doctor's their patients', so each
   * such request is one audit row: who, with which filters, how many appointments came back.
   * Never the reasons themselves.
   */
  private auditListing(principal: Principal, query: ListAppointmentsQuery, narrow: AppointmentNarrowing, count: number, client: ClientContext): Promise<void> {
    return this.audit.record('list', 'success', principal, client, null, {
      status: query.status ?? null,
      ...(narrow.patientId ? { patientId: narrow.patientId } : {}),
      ...(narrow.doctorId ? { doctorId: narrow.doctorId } : {}),
      from: query.from?.toISOString() ?? null,
      to: query.to?.toISOString() ?? null,
      limit: query.limit,
      cursor: query.cursor !== undefined,
      count,
    });
  }

  async get(principal: Principal, id: string, client: ClientContext): Promise<AppointmentDto> {
    const as = await this.access.requireAccess(principal, Permission.AppointmentRead, id, client);
    const view = await this.found(id);
    await this.audit.record('read', 'success', principal, client, id);
    return toAppointmentDto(view, as);
  }

  async cancel(principal: Principal, id: string, input: CancelAppointmentInput, client: ClientContext): Promise<AppointmentDto> {
    const as = await this.access.requireAccess(principal, Permission.AppointmentCancel, id, client);
    const view = await this.changeable('cancel', as, id, principal, client);
    if (input?.scope === 'following' && view.seriesId) {
      // This occurrence and every later confirmed one of its series; the window binds at the first, the earliest.
      const views = [view, ...(await this.appointments.confirmedInSeriesFrom(view.seriesId, view.startAt)).filter((v) => v.id !== view.id)];
      return toAppointmentDto(await this.changes.cancelMany(views, as, input.reason ?? null, principal, client), as);
    }
    return toAppointmentDto(await this.changes.cancel(view, as, input?.reason ?? null, principal, client), as);
  }

  /** `complete` or `no-show`: the appointment's doctor, after the start, from `confirmed` only. */
  async close(principal: Principal, id: string, action: 'complete' | 'no_show', client: ClientContext): Promise<AppointmentDto> {
    await this.access.requireAccess(principal, action === 'complete' ? Permission.AppointmentComplete : Permission.AppointmentNoShow, id, client);
    const view = await this.found(id);
    await this.allow(action, view, this.clock.now(), principal, client);
    return toAppointmentDto(await this.changes.close(view, action, principal, client));
  }

  /**
   * The appointment, if the caller (as `as`) may cancel or move it now: nobody once the visit
   * has begun (409), patients only until the doctor's cancellation notice (422).
   */
  async changeable(action: 'cancel' | 'reschedule', as: Relation, id: string, principal: Principal, client: ClientContext): Promise<AppointmentView> {
    const view = await this.found(id);
    const now = this.clock.now();
    await this.allow(action, view, now, principal, client);
    if (as === 'patient') await this.allowPatientChange(action, view, now, principal, client);
    return view;
  }

  /** The appointment, once AccessService has let the caller at it (404 only if it went away in between). */
  async found(id: string): Promise<AppointmentView> {
    const view = await this.appointments.findView(id);
    if (!view) throw notFound('appointment');
    return view;
  }

  /** The state machine's answer for `action` at `now`; a refusal is audited and thrown as 409. */
  private async allow(action: 'cancel' | 'reschedule' | 'complete' | 'no_show', view: AppointmentView, now: Date, principal: Principal, client: ClientContext): Promise<void> {
    const decision = decideTransition(action, { status: view.status, start: view.startAt }, now);
    if (decision.ok) return;
    await this.audit.record(action, 'denied', principal, client, view.id, { code: decision.code, reason: decision.reason });
    throw invalidTransition(refusalDetail(decision.reason, view.status));
  }

  /** The doctor's cancellation notice binds patients, for cancelling and moving alike (422). */
  private async allowPatientChange(action: 'cancel' | 'reschedule', view: AppointmentView, now: Date, principal: Principal, client: ClientContext): Promise<void> {
    const { cancellationNoticeHours } = await this.availability.find(view.doctorId);
    if (patientMayChange(view.startAt, now, cancellationNoticeHours)) return;
    await this.audit.record(action, 'denied', principal, client, view.id, { code: 'CANCELLATION_WINDOW_PASSED' });
    throw new AppError('CANCELLATION_WINDOW_PASSED', { detail: `Patients may cancel or reschedule up to ${cancellationNoticeHours} hours before the start.` });
  }
}

/** Filters a caller may add to their listing (the FHIR search's `patient` and `practitioner`). */
export interface AppointmentNarrowing {
  patientId?: string;
  doctorId?: string;
}

/**
 * The caller's scope narrowed further, never widened: a filter that contradicts the scope (a
 * patient asking for another patient's visits) matches nothing, as if there were none.
 */
function narrowed(scope: { patientId?: string; doctorId?: string }, narrow: AppointmentNarrowing): { patientId?: string; doctorId?: string } | null {
  const result = { ...scope };
  for (const key of ['patientId', 'doctorId'] as const) {
    const wanted = narrow[key];
    if (wanted === undefined) continue;
    if (result[key] !== undefined && result[key] !== wanted) return null;
    result[key] = wanted;
  }
  return result;
}

function refusalDetail(reason: 'final_state' | 'not_started' | 'started', status: string): string {
  if (reason === 'not_started') return 'The appointment has not started yet.';
  if (reason === 'started') return 'The appointment has already started.';
  return `The appointment is ${status}.`;
}

