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
  INSURANCE_PLAN_EXISTS: { status: 409, title: 'The catalogue already has that insurance plan' },
  UPLOAD_EMPTY: { status: 400, title: 'The uploaded file is empty' },
  UPLOAD_INCOMPLETE: { status: 400, title: 'The upload ended before the file did' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, title: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  SLOT_NOT_AVAILABLE: { status: 422, title: 'The slot is not available' },
  CANCELLATION_WINDOW_PASSED: { status: 422, title: 'It is too late to cancel' },
  IDEMPOTENCY_KEY_MISMATCH: { status: 422, title: 'The idempotency key was used with another request' },
  APPOINTMENT_NOT_COMPLETED: { status: 422, title: 'The appointment is not completed' },
  TOO_MANY_APPOINTMENTS: { status: 422, title: 'Too many upcoming appointments' },
  APPOINTMENT_TYPE_NOT_FOR_PATIENT: { status: 422, title: 'This appointment type is not offered to you' },
  BOOKING_SUSPENDED: { status: 422, title: 'Online booking is suspended after missed appointments' },
  WEBHOOK_URL_NOT_ALLOWED: { status: 422, title: 'The webhook URL is not allowed' },
  // Holds and the waitlist (issue 13).
  HOLD_MISMATCH: { status: 422, title: 'The hold is for another slot' },
  TOO_MANY_WAITLIST_ENTRIES: { status: 422, title: 'Too many open waitlist entries' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  ACCOUNT_LOCKED: { status: 429, title: 'Too many failed logins' },
  // Notification channels (issue 14): phone verification for SMS.
  VERIFICATION_CODE_INVALID: { status: 422, title: 'The verification code is wrong or has expired' },
  TOO_MANY_ATTEMPTS: { status: 429, title: 'Too many wrong codes; request a new one' },
  SMS_UNAVAILABLE: { status: 503, title: 'Text messages cannot be sent now' },
  // Second factor (issue 18).
  INVALID_MFA_CODE: { status: 401, title: 'The second-factor code is wrong' },
  MFA_REQUIRED: { status: 403, title: 'A second factor is required' },
  MFA_ALREADY_ENROLLED: { status: 409, title: 'A second factor is already enrolled' },
  MFA_NOT_ENROLLED: { status: 409, title: 'No second factor is enrolled' },
  // Consent to the terms and privacy notice (issue 18).
  TERMS_NOT_ACCEPTED: { status: 403, title: 'The current terms must be accepted first' },
  TERMS_VERSION_MISMATCH: { status: 409, title: 'That is not the terms version in force' },
  LAST_ADMIN: { status: 409, title: 'The last admin account cannot be deleted' },
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
  accountGone: 'The account no longer exists.',
  notMultipart: 'Send multipart/form-data with the file in the field `file`.',
  unreadableImage: 'The photo could not be read as an image.',
} as const;

/** What a 404 says of each kind of thing that does not exist, or that the caller may not see. */
export const notFoundDetails = {
  doctor: 'No such doctor.',
  doctorProfile: 'This account has no doctor profile.',
  appointment: 'No such appointment.',
  appointmentType: 'No such appointment type.',
  activeAppointmentType: 'No such active appointment type for this doctor.',
  timeOff: 'No such time off.',
  insurancePlan: 'No such insurance plan.',
  bookingSuspension: 'No such booking suspension.',
  device: 'No such device.',
  webhook: 'No such webhook.',
  webhookDelivery: 'No such webhook delivery.',
  // Holds and the waitlist (issue 13).
  hold: 'No such hold.',
  waitlistEntry: 'No such waitlist entry.',
  patient: 'No such patient.',
  breakGlassGrant: 'No such live emergency-access grant of yours.',
  // FHIR (src/modules/fhir)
  schedule: 'No such schedule.',
  slot: 'No such free slot.',
  photo: 'No such photo.',
  document: 'No such document.',
  calendar: 'No such calendar feed.',
  deadLetter: 'No such failed notification.',
} as const;

/** The problem `type` URI for a code: a stable identifier, documented in docs/API.md. */
export function problemType(code: ErrorCode): string {
  return `urn:ihosi:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}
