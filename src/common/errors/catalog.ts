/**
 * Every error code the API can answer with. The contract (docs/API.md) documents each one;
 * a test keeps the two in step. Codes are stable: clients switch on them.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, title: 'E-mail or password is wrong' },
  TOKEN_EXPIRED: { status: 401, title: 'The token has expired' },
  REFRESH_TOKEN_REUSED: { status: 401, title: 'The refresh token was already used' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  EMAIL_TAKEN: { status: 409, title: 'The e-mail address is already registered' },
  SLOT_TAKEN: { status: 409, title: 'The slot is already booked' },
  PATIENT_CONFLICT: { status: 409, title: 'You already have an appointment at that time' },
  INVALID_STATUS_TRANSITION: { status: 409, title: 'The appointment cannot move to that status' },
  ALREADY_REVIEWED: { status: 409, title: 'The appointment was already reviewed' },
  PROFILE_CHANGED: { status: 409, title: 'The profile changed since it was reviewed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, title: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  SLOT_NOT_AVAILABLE: { status: 422, title: 'The slot is not available' },
  CANCELLATION_WINDOW_PASSED: { status: 422, title: 'It is too late to cancel' },
  IDEMPOTENCY_KEY_MISMATCH: { status: 422, title: 'The idempotency key was used with another request' },
  APPOINTMENT_NOT_COMPLETED: { status: 422, title: 'The appointment is not completed' },
  TOO_MANY_APPOINTMENTS: { status: 422, title: 'Too many upcoming appointments' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  ACCOUNT_LOCKED: { status: 429, title: 'Too many failed logins' },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;

/**
 * Details that more than one throw site gives, worded once beside their codes; the
 * constructors that give them (notFound, invalidFields, ...) are in app-error.ts.
 */
export const sharedDetails = {
  invalidFields: 'Some fields are missing or invalid.',
  slotNotOffered: 'That start is not one of the offered slots.',
  noLongerConfirmed: 'The appointment is no longer confirmed.',
  stillInProgress: 'The same request is still in progress; try again.',
  roleForbidden: 'Your role may not use this endpoint.',
} as const;

/** What a 404 says of each kind of thing that does not exist, or that the caller may not see. */
export const notFoundDetails = {
  doctor: 'No such doctor.',
  doctorProfile: 'This account has no doctor profile.',
  appointment: 'No such appointment.',
  appointmentType: 'No such appointment type.',
  activeAppointmentType: 'No such active appointment type for this doctor.',
  timeOff: 'No such time off.',
  calendar: 'No such calendar feed.',
  deadLetter: 'No such failed notification.',
} as const;

/** The problem `type` URI for a code: a stable identifier, documented in docs/API.md. */
export function problemType(code: ErrorCode): string {
  return `urn:ihosi:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}
