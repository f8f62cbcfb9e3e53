import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { AppError, invalidFields } from '../../../common/errors/app-error.js';
import { mapDatabaseError } from '../../../common/errors/database-errors.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { Transactions, type Executor } from '../../../db/transactions.js';
import { checkIntakeAnswers } from '../appointment-types/intake.js';
import { AppointmentAudit } from './appointment-audit.service.js';
import { AppointmentChanges } from './appointment-changes.service.js';
import type { AppointmentView, NewAppointment } from './appointments.repository.js';
import { BookingCap } from './booking-cap.service.js';
import type { BookSeriesInput } from './dto/series.inputs.js';
import { toAppointmentDto } from './dto/appointment.outputs.js';
import type { AppointmentSeriesDto } from './dto/series.outputs.js';
import { seriesStarts } from './series-plan.js';
import { SlotPlanner, type PlannedSlot } from './slot-planner.service.js';

type Occurrence = NewAppointment & { id: string; seriesId: string };

/**
 * Follow-up series: every occurrence or none. Each must be a slot the doctor's schedule offers
 * (else 422 listing those that are not); all are inserted in one transaction, each under its
 * own savepoint so that every collision is found and listed (409), then rolled back together.
 * Each counts toward MAX_FUTURE_APPOINTMENTS.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly planner: SlotPlanner,
    private readonly cap: BookingCap,
    private readonly transactions: Transactions,
    private readonly changes: AppointmentChanges,
    private readonly audit: AppointmentAudit,
  ) {}

  async book(principal: Principal, input: BookSeriesInput, client: ClientContext): Promise<AppointmentSeriesDto> {
    const first = await this.planner.forBooking(input.doctorId, input.appointmentTypeId, input.start, principal.userId);
    const { doctor, type } = first;
    const starts = seriesStarts(input.start, doctor.timezone, input.every, input.count);
    const plans = [first, ...(await Promise.all(starts.slice(1).map((start) => this.planner.forBooking(doctor.id, type.id, start))))];
    const unavailable = starts.filter((_, i) => !plans[i]!.slot).map((start) => start.toISOString());
    if (unavailable.length > 0) {
      await this.audit.record('book', 'failure', principal, client, null, { doctorId: doctor.id, code: 'SLOT_NOT_AVAILABLE', series: true });
      throw new AppError('SLOT_NOT_AVAILABLE', { detail: `${unavailable.length} of the ${input.count} occurrences are not offered slots.`, extensions: { occurrences: unavailable } });
    }
    const checked = checkIntakeAnswers(type.intakeQuestions, input.intakeAnswers ?? []);
    if (!checked.ok) throw invalidFields(checked.errors);

    const seriesId = randomUUID();
    const occurrences: Occurrence[] = plans.map((plan) => ({
      id: randomUUID(),
      seriesId,
      doctorId: doctor.id,
      patientId: principal.userId,
      appointmentTypeId: type.id,
      ...(plan.slot as PlannedSlot),
      mode: type.mode,
      reason: input.reason ?? null,
      intakeAnswers: checked.answers,
    }));

    let views: AppointmentView[];
    try {
      views = await this.transactions.run(async (tx) => {
        await this.cap.enforce(tx, principal.userId, occurrences.length);
        return this.insertAll(tx, occurrences, principal, client);
      });
    } catch (error) {
      const mapped = error instanceof AppError ? error : mapDatabaseError(error);
      if (mapped) await this.audit.record('book', 'failure', principal, client, null, { doctorId: doctor.id, code: mapped.code, series: true });
      throw mapped ?? error;
    }
    for (const [i, view] of views.entries()) {
      await this.changes.booked({ appointmentId: view.id, doctorId: doctor.id, patientId: principal.userId }, doctor, plans[i]!.slot!);
    }
    return { seriesId, appointments: views.map((view) => toAppointmentDto(view)) };
  }

  /** Inserts every occurrence under its own savepoint; any collision fails the whole series with the list of them (409). */
  private async insertAll(tx: Executor, occurrences: Occurrence[], principal: Principal, client: ClientContext): Promise<AppointmentView[]> {
    const views: AppointmentView[] = [];
    const conflicts: { start: string; code: string }[] = [];
    for (const values of occurrences) {
      try {
        views.push(await tx.transaction((savepoint) => this.changes.book(savepoint as unknown as Executor, values, principal, client)));
      } catch (error) {
        const mapped = mapDatabaseError(error);
        if (!mapped || mapped.status !== 409) throw error;
        conflicts.push({ start: values.startAt.toISOString(), code: mapped.code });
      }
    }
    if (conflicts.length > 0) {
      const code = conflicts.some((c) => c.code === 'SLOT_TAKEN') ? 'SLOT_TAKEN' : 'PATIENT_CONFLICT';
      throw new AppError(code, { detail: `${conflicts.length} of the ${occurrences.length} occurrences collide with other appointments; nothing was booked.`, extensions: { conflicts } });
    }
    return views;
  }
}
