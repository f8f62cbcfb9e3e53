import { AppError } from './app-error.js';
import type { ErrorCode } from './catalog.js';

/**
 * Constraint names that carry a domain meaning. A violation of one of these becomes the
 * matching domain error; the constraint is the guarantee, this table only names it.
 */
const constraintCodes: Record<string, ErrorCode> = {
  users_email_unique: 'EMAIL_TAKEN',
  // Exclusion constraints of migration 0006 (SQLSTATE 23P01): the booking guarantee.
  appointments_doctor_no_overlap: 'SLOT_TAKEN',
  appointments_patient_no_overlap: 'PATIENT_CONFLICT',
  reviews_appointment_id_unique: 'ALREADY_REVIEWED',
  insurance_plans_payer_plan_unique: 'INSURANCE_PLAN_EXISTS',
  // Migration 0025: a live hold takes the slot from everyone but its holder.
  appointment_holds_doctor_no_overlap: 'SLOT_TAKEN',
  appointments_respect_holds: 'SLOT_TAKEN',
};

/** Node socket errors and SQLSTATEs that mean "the database is not there right now". */
const unavailableErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300']);

// pg and pg-pool raise these without a code; their wording is stable across versions.
const unavailableMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is closed',
];

interface ErrorLike {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (drizzle wraps driver errors). */
function* causeChain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    yield current as ErrorLike;
    current = (current as ErrorLike).cause;
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causeChain(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (unavailableErrnos.has(code) || unavailableSqlStates.has(code) || code.startsWith('08')) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (unavailableMessages.some((m) => message.startsWith(m))) return true;
  }
  return false;
}

/** Maps a database error to a domain error, or returns null when it has no domain meaning. */
export function mapDatabaseError(error: unknown): AppError | null {
  for (const e of causeChain(error)) {
    if (typeof e.constraint === 'string' && constraintCodes[e.constraint]) {
      return new AppError(constraintCodes[e.constraint]!, { cause: error });
    }
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError('SERVICE_UNAVAILABLE', {
      detail: 'The database is unavailable; try again shortly.',
      headers: { 'retry-after': '5' },
      cause: error,
    });
  }
  return null;
}
