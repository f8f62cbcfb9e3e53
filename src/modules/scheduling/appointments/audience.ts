import { AppError } from '../../../common/errors/app-error.js';
import type { AppointmentAudience } from '../../../common/validation/enums.js';

/** Whether a type meant for `audience` is for a patient who is (or is not) returning: one completed visit with the doctor. */
export function audienceAdmits(audience: AppointmentAudience, returning: boolean): boolean {
  if (audience === 'new') return !returning;
  if (audience === 'returning') return returning;
  return true;
}

/** 422 APPOINTMENT_TYPE_NOT_FOR_PATIENT, saying whom the type is for. */
export function notForPatient(audience: AppointmentAudience): AppError {
  const whom = audience === 'new' ? 'patients new to this doctor' : 'returning patients (after a completed visit with this doctor)';
  return new AppError('APPOINTMENT_TYPE_NOT_FOR_PATIENT', { detail: `This appointment type is only for ${whom}.` });
}
