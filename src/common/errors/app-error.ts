import { errorCatalog, notFoundDetails, sharedDetails, type ErrorCode } from './catalog.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra members of the problem body, e.g. which health checks failed. */
  extensions?: Record<string, unknown>;
  /** Response headers that go with this error, e.g. Retry-After. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** A domain error with a catalog code; the problem filter turns it into problem+json. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly options: AppErrorOptions = {},
  ) {
    super(options.detail ?? errorCatalog[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.status = errorCatalog[code].status;
  }
}

/** 404 NOT_FOUND: no such `subject`, or none the caller may see (the answer never says which). */
export function notFound(subject: keyof typeof notFoundDetails): AppError {
  return new AppError('NOT_FOUND', { detail: notFoundDetails[subject] });
}

/** 400 VALIDATION_FAILED naming each field and what is wrong with it. */
export function invalidFields(errors: readonly FieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', { detail: sharedDetails.invalidFields, errors: [...errors] });
}

/** 422 SLOT_NOT_AVAILABLE: the start is not one the doctor's schedule offers. */
export function slotNotOffered(): AppError {
  return new AppError('SLOT_NOT_AVAILABLE', { detail: sharedDetails.slotNotOffered });
}

/** 403 FORBIDDEN: the caller's role does not carry what the route or the service asks for. */
export function roleForbidden(): AppError {
  return new AppError('FORBIDDEN', { detail: sharedDetails.roleForbidden });
}

/** 409 INVALID_STATUS_TRANSITION; by default, another request moved the appointment first. */
export function invalidTransition(detail: string = sharedDetails.noLongerConfirmed): AppError {
  return new AppError('INVALID_STATUS_TRANSITION', { detail });
}

/** 503 with Retry-After: an identical request holds the same idempotency key and has not finished. */
export function stillInProgress(): AppError {
  return new AppError('SERVICE_UNAVAILABLE', { detail: sharedDetails.stillInProgress, headers: { 'retry-after': '1' } });
}
