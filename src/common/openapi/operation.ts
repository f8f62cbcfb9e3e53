import { applyDecorators, HttpCode, SetMetadata } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { ZodType } from 'zod';
import type { ErrorCode } from '../errors/catalog.js';
import { toOpenApiSchema } from './schemas.js';

/** A route's contract as the OpenAPI document tells it; see `Operation`. */
export interface OperationContract {
  /** The operationId, camelCase verb first (`searchDoctors`): client generators name their methods after it. Never change it. */
  id: string;
  /** One line, for a method list. */
  summary: string;
  /** What a developer needs beyond the summary: who sees what, the order of things, edge rules. */
  description: string;
  /**
   * The answer when all goes well: its status, and its body schema (or media type) if it has
   * one. The status defaults to 200 with a body and 204 No Content without one (a delete, a sign-out).
   */
  ok: { status?: 200 | 201 | 202 | 204; description: string; schema?: ZodType; mediaType?: string };
  /**
   * Error codes the service answers with, beyond those the route's shape implies (its access
   * policy, input, path id, rate limit: see error-responses.ts); listed by status in the document.
   */
  errors?: readonly ErrorCode[];
}

export const OPERATION_CONTRACT = 'ihosi:operation-contract';

/** Set by ValidBody/ValidQuery/ValidParam: the route answers 400 for input its schemas refuse. */
export const VALIDATES_INPUT = 'ihosi:validates-input';

/**
 * Error codes every route under a decorator answers with, whatever its service (OwnDoctorResource:
 * 404 until the doctor has a profile); on a method or its controller. Added to the contract's own.
 */
export const IMPLIED_ERRORS = 'ihosi:implied-errors';

/** Every route it covers (a method, or each of a controller's) may answer with these codes. */
export const AnswersWith = (...codes: ErrorCode[]): MethodDecorator & ClassDecorator => SetMetadata(IMPLIED_ERRORS, codes);

/**
 * A route's contract in one place: its status code, operationId, summary and success response
 * here, and its error responses and rate-limit headers added from this contract when the
 * document is built (src/common/openapi/document.ts), where the route's access policy is known.
 */
export function Operation(contract: OperationContract): MethodDecorator {
  const { description, schema, mediaType = 'application/json' } = contract.ok;
  const status = contract.ok.status ?? (schema || contract.ok.mediaType ? 200 : 204);
  return applyDecorators(
    SetMetadata(OPERATION_CONTRACT, contract),
    HttpCode(status),
    ApiOperation({ operationId: contract.id, summary: contract.summary, description: contract.description }),
    ApiResponse({ status, description, ...(schema ? { content: { [mediaType]: { schema: toOpenApiSchema(schema, 'output') } } } : {}) }),
  );
}
