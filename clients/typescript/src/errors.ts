/**
 * Every `code` the API answers with (docs/API.md; the server's catalog is
 * src/common/errors/catalog.ts, and a test keeps this list equal to it). Apps switch on these.
 */
export const PROBLEM_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOKEN_EXPIRED',
  'REFRESH_TOKEN_REUSED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'EMAIL_TAKEN',
  'SLOT_TAKEN',
  'PATIENT_CONFLICT',
  'INVALID_STATUS_TRANSITION',
  'ALREADY_REVIEWED',
  'PROFILE_CHANGED',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'SLOT_NOT_AVAILABLE',
  'CANCELLATION_WINDOW_PASSED',
  'IDEMPOTENCY_KEY_MISMATCH',
  'APPOINTMENT_NOT_COMPLETED',
  'TOO_MANY_APPOINTMENTS',
  // Holds and the waitlist (issue 13).
  'HOLD_MISMATCH',
  'TOO_MANY_WAITLIST_ENTRIES',
  'RATE_LIMITED',
  'ACCOUNT_LOCKED',
  'INVALID_MFA_CODE',
  'MFA_REQUIRED',
  'MFA_ALREADY_ENROLLED',
  'MFA_NOT_ENROLLED',
  'TERMS_NOT_ACCEPTED',
  'TERMS_VERSION_MISMATCH',
  'LAST_ADMIN',
  'INSURANCE_PLAN_EXISTS',
  'APPOINTMENT_TYPE_NOT_FOR_PATIENT',
  'BOOKING_SUSPENDED',
  'WEBHOOK_URL_NOT_ALLOWED',
  'VERIFICATION_CODE_INVALID',
  'TOO_MANY_ATTEMPTS',
  'SMS_UNAVAILABLE',
  'UPLOAD_EMPTY',
  'UPLOAD_INCOMPLETE',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;

/** A known code, or any other string a newer server may send (still autocompleted). */
export type ProblemCode = (typeof PROBLEM_CODES)[number] | (string & {});

/** One entry of a 400's `errors`: which field (`specialties.1`) and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An answer of 400 or more, read from its RFC 9457 problem+json body. `code` is null only when
 * the body was not a problem (a proxy's error page, say); `requestId` is what support needs.
 */
export class IhosiApiError extends Error {
  override readonly name = 'IhosiApiError';
  readonly status: number;
  readonly code: ProblemCode | null;
  readonly title: string | null;
  readonly detail: string | null;
  readonly errors: FieldError[];
  readonly requestId: string | null;
  /** Seconds from `Retry-After` (429, 503), else null. */
  readonly retryAfterSeconds: number | null;
  /** The body as sent, for members beyond the standard ones (such as readiness `checks`). */
  readonly problem: Record<string, unknown> | null;

  constructor(response: Response, body: unknown) {
    const problem = isRecord(body) ? body : null;
    const code = stringOf(problem?.code);
    const detail = stringOf(problem?.detail);
    super(`${response.status}${code ? ` ${code}` : ''}: ${detail ?? stringOf(problem?.title) ?? (response.statusText || 'request failed')}`);
    this.status = response.status;
    this.code = code;
    this.title = stringOf(problem?.title);
    this.detail = detail;
    this.errors = Array.isArray(problem?.errors) ? problem.errors.filter(isFieldError) : [];
    this.requestId = stringOf(problem?.requestId) ?? response.headers.get('x-request-id');
    this.retryAfterSeconds = secondsOf(response.headers.get('retry-after'));
    this.problem = problem;
  }
}

/** The error a response of 400 or more stands for; reads a copy, so the response stays unread. */
export async function readApiError(response: Response): Promise<IhosiApiError> {
  return new IhosiApiError(response, await readBody(response.clone()));
}

/** The problem `code` of a response, or null; reads a copy. */
export async function problemCodeOf(response: Response): Promise<string | null> {
  const body = await readBody(response.clone());
  return isRecord(body) ? stringOf(body.code) : null;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text || null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function secondsOf(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}
