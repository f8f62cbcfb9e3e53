import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { AppError, invalidFields, slotNotOffered, stillInProgress } from '../../../common/errors/app-error.js';
import { checkIntakeAnswers, type IntakeAnswer, type IntakeQuestion } from '../appointment-types/intake.js';
import { mapDatabaseError } from '../../../common/errors/database-errors.js';
import { Metrics } from '../../../common/metrics/metrics.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { AppointmentAudit } from './appointment-audit.service.js';
import { AppointmentChanges } from './appointment-changes.service.js';
import { BookingCap } from './booking-cap.service.js';
import type { BookAppointmentInput } from './dto/appointment.inputs.js';
import { toAppointmentDto, type AppointmentDto } from './dto/appointment.outputs.js';
import { IdempotencyRepository, type StoredResponse } from './idempotency.repository.js';
import { SlotPlanner } from './slot-planner.service.js';
import { Transactions } from '../../../db/transactions.js';

type Outcome = { kind: 'booked'; dto: AppointmentDto } | { kind: 'replay'; stored: StoredResponse | null };

/**
 * Booking. The requested start must be a slot the engine offers (422 otherwise); whether it
 * is still free is decided by the insert itself, against the exclusion constraints (409).
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly planner: SlotPlanner,
    private readonly idempotency: IdempotencyRepository,
    private readonly cap: BookingCap,
    private readonly transactions: Transactions,
    private readonly changes: AppointmentChanges,
    private readonly audit: AppointmentAudit,
    private readonly metrics: Metrics,
  ) {}

  /** Books and counts the outcome in `bookings_total` (created, replayed, slot_taken, …). */
  async book(principal: Principal, input: BookAppointmentInput, idempotencyKey: string | undefined, client: ClientContext): Promise<AppointmentDto> {
    const replays = { value: false };
    try {
      const dto = await this.attempt(principal, input, idempotencyKey, client, replays);
      this.metrics.bookings.inc({ outcome: replays.value ? 'replayed' : 'created' });
      return dto;
    } catch (error) {
      this.metrics.bookings.inc({ outcome: error instanceof AppError ? error.code.toLowerCase() : 'error' });
      throw error;
    }
  }

  private async attempt(
    principal: Principal,
    input: BookAppointmentInput,
    idempotencyKey: string | undefined,
    client: ClientContext,
    replays: { value: boolean },
  ): Promise<AppointmentDto> {
    const hash = idempotencyKey ? requestHash(input) : null;
    if (idempotencyKey && hash) {
      const prior = await this.idempotency.find(principal.userId, idempotencyKey);
      if (prior) {
        replays.value = true;
        return replay(prior, hash);
      }
    }

    const { doctor, type, slot } = await this.planner.forBooking(input.doctorId, input.appointmentTypeId, input.start, principal.userId);
    if (!slot) {
      await this.audit.record('book', 'failure', principal, client, null, { doctorId: doctor.id, code: 'SLOT_NOT_AVAILABLE' });
      throw slotNotOffered();
    }
    const intakeAnswers = await this.intake(type.intakeQuestions, input, doctor.id, principal, client);
    const values = { id: randomUUID(), doctorId: doctor.id, patientId: principal.userId, appointmentTypeId: type.id, ...slot, mode: type.mode, reason: input.reason ?? null, intakeAnswers };

    let outcome: Outcome;
    try {
      // One transaction: the per-patient lock and count of future appointments (the cap),
      // then appointment, outbox rows and the view in one statement, and the audit row
      // (AppointmentChanges.book).
      outcome = await this.transactions.run(async (tx): Promise<Outcome> => {
        if (idempotencyKey && hash && !(await this.idempotency.claim(tx, principal.userId, idempotencyKey, hash))) {
          // Another request with this key committed while we checked the slot.
          return { kind: 'replay', stored: await this.idempotency.find(principal.userId, idempotencyKey, tx) };
        }
        await this.cap.enforce(tx, principal.userId);
        const dto = toAppointmentDto(await this.changes.book(tx, values, principal, client, input.holdId, type.reminderOffsetsMinutes));
        if (idempotencyKey && hash) await this.idempotency.complete(tx, principal.userId, idempotencyKey, 201, dto);
        return { kind: 'booked', dto };
      });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'TOO_MANY_APPOINTMENTS' || error.code === 'BOOKING_SUSPENDED')) {
        await this.audit.record('book', 'failure', principal, client, null, { doctorId: doctor.id, code: error.code });
      }
      const mapped = mapDatabaseError(error);
      if (mapped && mapped.status === 409) {
        await this.audit.record('book', 'failure', principal, client, null, { doctorId: doctor.id, code: mapped.code });
      }
      throw mapped ?? error;
    }

    if (outcome.kind === 'replay') {
      replays.value = true;
      if (!outcome.stored || !hash) throw stillInProgress();
      return replay(outcome.stored, hash);
    }
    await this.changes.booked({ appointmentId: values.id, doctorId: doctor.id, patientId: principal.userId }, doctor, slot);
    return outcome.dto;
  }

  /** The intake answers to store, or 400 naming each missing or ill-typed one (the refusal is audited without the answers). */
  private async intake(questions: IntakeQuestion[], input: BookAppointmentInput, doctorId: string, principal: Principal, client: ClientContext): Promise<IntakeAnswer[]> {
    const checked = checkIntakeAnswers(questions, input.intakeAnswers ?? []);
    if (checked.ok) return checked.answers;
    await this.audit.record('book', 'failure', principal, client, null, { doctorId, code: 'VALIDATION_FAILED' });
    throw invalidFields(checked.errors);
  }
}

/** The stored response for a repeated key, or 422 when the key came with another request. */
function replay(stored: StoredResponse, hash: string): AppointmentDto {
  if (stored.requestHash !== hash) {
    throw new AppError('IDEMPOTENCY_KEY_MISMATCH', { detail: 'This Idempotency-Key was used with a different request in the last 24 hours.' });
  }
  if (stored.status === null) throw stillInProgress();
  return stored.body as AppointmentDto;
}

/** A hash of what the request asks for; equal instants written differently hash alike. */
export function requestHash(input: BookAppointmentInput): string {
  // Intake answers join the hash only when sent, so requests without them hash as before.
  const canonical = JSON.stringify([input.doctorId, input.appointmentTypeId, input.start.toISOString(), input.reason ?? null, ...(input.intakeAnswers ? [input.intakeAnswers] : [])]);
  return createHash('sha256').update(canonical).digest('hex');
}
