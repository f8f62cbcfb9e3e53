import { Injectable } from '@nestjs/common';
import { Permission } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { AppError, notFound } from '../../../common/errors/app-error.js';
import { moneyColumns } from '../../../common/validation/money.js';
import { sentFields } from '../../../common/validation/patch.js';
import { AppointmentTypesRepository, type AppointmentTypeValues } from './appointment-types.repository.js';
import { DoctorContext } from '../doctor-context.service.js';
import { randomUUID } from 'node:crypto';
import { MAX_ACTIVE_APPOINTMENT_TYPES, type CreateAppointmentTypeInput, type IntakeQuestionInput, type UpdateAppointmentTypeInput } from './dto/appointment-type.inputs.js';
import type { IntakeQuestion } from './intake.js';
import { toAppointmentTypeDto, type AppointmentTypeDto } from './dto/appointment-type.outputs.js';
import { ScheduleChanges } from '../schedule-changes.service.js';

/** What patients can book with a doctor. Deleting deactivates: appointments keep their type. */
@Injectable()
export class AppointmentTypesService {
  constructor(
    private readonly context: DoctorContext,
    private readonly types: AppointmentTypesRepository,
    private readonly changes: ScheduleChanges,
  ) {}

  async create(principal: Principal, input: CreateAppointmentTypeInput): Promise<AppointmentTypeDto> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    const row = await this.types.create(doctor.id, {
      name: input.name,
      durationMinutes: input.durationMinutes,
      bufferMinutes: input.bufferMinutes,
      mode: input.mode,
      reminderOffsetsMinutes: input.reminderOffsetsMinutes,
      ...moneyColumns('price', input.price),
      audience: input.audience,
      intakeQuestions: toQuestions(input.intakeQuestions),
    });
    if (!row) throw tooManyActive('name');
    await this.changes.changed(doctor.id);
    return toAppointmentTypeDto(row);
  }

  async update(principal: Principal, id: string, input: UpdateAppointmentTypeInput): Promise<AppointmentTypeDto> {
    const doctor = await this.context.owning(principal, Permission.AppointmentTypeUpdate, id);
    const patch: Partial<AppointmentTypeValues & { active: boolean }> = {
      ...sentFields(input, ['name', 'durationMinutes', 'bufferMinutes', 'mode', 'active', 'audience', 'reminderOffsetsMinutes']),
      ...(input.price === undefined ? {} : moneyColumns('price', input.price)),
      ...(input.intakeQuestions === undefined ? {} : { intakeQuestions: toQuestions(input.intakeQuestions) }),
    };
    const row = Object.keys(patch).length > 0 ? await this.types.update(doctor.id, id, patch) : await this.types.findOfDoctor(doctor.id, id);
    // A reactivation refused for the cap finds no row to update, like an unknown id: tell them apart.
    if (!row && patch.active === true && (await this.types.findOfDoctor(doctor.id, id))) throw tooManyActive('active');
    if (!row) throw notFound('appointmentType');
    await this.changes.changed(doctor.id);
    return toAppointmentTypeDto(row);
  }

  async deactivate(principal: Principal, id: string): Promise<void> {
    const doctor = await this.context.owning(principal, Permission.AppointmentTypeUpdate, id);
    if (!(await this.types.update(doctor.id, id, { active: false }))) throw notFound('appointmentType');
    await this.changes.changed(doctor.id);
  }

  /** A public doctor's active types, for anyone. */
  async activeOf(doctorId: string): Promise<AppointmentTypeDto[]> {
    const doctor = await this.context.publicDoctor(doctorId);
    return (await this.types.listActive(doctor.id)).map(toAppointmentTypeDto);
  }

  /** The caller's own types: every active one and the most recently changed inactive ones, oldest first. */
  async mine(principal: Principal): Promise<AppointmentTypeDto[]> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    const [active, inactive] = await Promise.all([this.types.listActive(doctor.id), this.types.listRecentInactive(doctor.id)]);
    const byCreation = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return [...active, ...inactive].sort(byCreation).map(toAppointmentTypeDto);
  }
}

function tooManyActive(field: 'name' | 'active'): AppError {
  const message = `at most ${MAX_ACTIVE_APPOINTMENT_TYPES} active appointment types`;
  return new AppError('VALIDATION_FAILED', { detail: `At most ${MAX_ACTIVE_APPOINTMENT_TYPES} active appointment types; deactivate one first.`, errors: [{ field, message }] });
}

/** Stored questions: each keeps the id it was sent with, or gets a new one. */
function toQuestions(input: IntakeQuestionInput[]): IntakeQuestion[] {
  return input.map((q) => ({ id: q.id ?? randomUUID(), text: q.text, kind: q.kind, required: q.required, ...(q.options ? { options: q.options } : {}) }));
}
