import { z } from 'zod';
import { REQUEST_ID_PATTERN } from '../http/request-id.js';
import { errorCatalog, type ErrorCode } from './catalog.js';

// The problem+json body as the OpenAPI document names it (`Problem`); what the filter writes
// (problem.filter.ts, sendProblem) and this schema describe the same members.

const CODES = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];
const CHECK_STATUSES = ['up', 'down'] as const;

/**
 * What a problem body holds at most; `invalidFields` (app-error.ts) keeps to these, so a body
 * with thousands of unknown or over-long keys answers a bounded list.
 */
export const PROBLEM_BOUNDS = { detail: 500, fields: 100, field: 200, message: 500 } as const;

export const fieldErrorSchema = z
  .object({
    field: z.string().max(PROBLEM_BOUNDS.field).meta({ example: 'specialties.1', description: 'Dotted path of the field; `(root)` for the body as a whole' }),
    message: z.string().max(PROBLEM_BOUNDS.message).meta({ example: 'must be a specialty code such as "cardiology" (see GET /api/v1/specialties)' }),
  })
  .meta({ id: 'FieldError' });

/** Whether each dependency answered: readiness says it on success, and in its 503 problem. */
export const dependencyChecksSchema = z.object({ database: z.enum(CHECK_STATUSES), cache: z.enum(CHECK_STATUSES) }).meta({ id: 'DependencyChecks' });
export type DependencyChecks = z.infer<typeof dependencyChecksSchema>;

export const problemSchema = z
  .object({
    type: z.string().max(100).meta({ example: 'urn:ihosi:problem:slot-taken', description: 'A stable URN per code', pattern: '^urn:ihosi:problem:[a-z-]+$' }),
    title: z.string().max(100).meta({ example: errorCatalog.SLOT_TAKEN.title, description: "The code's title" }),
    status: z.number().int().min(400).max(599).meta({ example: 409 }),
    detail: z.string().max(PROBLEM_BOUNDS.detail).meta({ example: 'The slot is already booked' }),
    code: z.enum(CODES).meta({ description: 'Stable; clients switch on it (docs/API.md lists when each is answered)' }),
    errors: z.array(fieldErrorSchema).max(PROBLEM_BOUNDS.fields).optional().meta({ description: '`VALIDATION_FAILED` only: each field that is missing or invalid' }),
    checks: dependencyChecksSchema.optional().meta({ description: 'Readiness only: which dependency is down' }),
    shuttingDown: z.literal(true).optional().meta({ description: 'Readiness only: the instance is draining before it stops' }),
    overloaded: z.literal(true).optional().meta({ description: 'Readiness only: the instance is shedding load (event-loop delay or heap over its `LOAD_SHED_*` limit); look again after `Retry-After`' }),
    requestId: z.string().max(128).meta({ description: 'Also the `X-Request-Id` response header; quote it when reporting a problem', pattern: REQUEST_ID_PATTERN }),
  })
  .meta({ id: 'Problem' });
