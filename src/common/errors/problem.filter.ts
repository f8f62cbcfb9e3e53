import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from './app-error.js';
import { errorCatalog, problemType, type ErrorCode } from './catalog.js';
import { mapDatabaseError } from './database-errors.js';
import { PROBLEM_BOUNDS } from './problem.schema.js';
import { clipText } from '../validation/clip-text.js';
import type { RouteIndex } from '../http/route-index.js';
import { responseRequestIdOf } from '../http/request-id.js';
import { traceIdOf } from '../telemetry/request-trace.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Fixed, safe wording for errors raised by the HTTP layer itself (never their raw message). */
const httpLayerDetails: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is malformed.',
  NOT_FOUND: 'No such resource.',
  METHOD_NOT_ALLOWED: 'This resource does not support that method.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the server accepts.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json.',
  URI_TOO_LONG: 'A path segment is longer than the server accepts.',
};

/** Finer wording for Fastify's own 400s, keyed by its stable error codes. */
const fastifyBadRequestDetails: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty but its content type says JSON.',
  FST_ERR_BAD_URL: 'The URL is malformed.',
};

const codeByStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * The one place errors become responses: RFC 9457 problem+json with a stable `code` and the
 * request id. Anything not recognised is a 500 whose body says nothing about the cause.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly routes?: RouteIndex) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = this.wrongMethod(request, toAppError(exception));

    if (error.status >= 500) {
      request.log.error({ err: exception, code: error.code }, 'request failed');
    }
    sendProblem(request, reply, error);
  }

  /** An unmatched request whose path exists under other methods is 405, not 404. */
  private wrongMethod(request: FastifyRequest, error: AppError): AppError {
    if (error.code !== 'NOT_FOUND' || request.routeOptions.url !== undefined || !this.routes) return error;
    const allowed = this.routes.allowedMethods(request.url.split('?')[0] ?? '/');
    if (allowed.length === 0) return error;
    return new AppError('METHOD_NOT_ALLOWED', { detail: httpLayerDetails.METHOD_NOT_ALLOWED, headers: { allow: allowed.join(', ') } });
  }
}

/** Writes `error` as problem+json; also used by Fastify hooks that answer before Nest runs. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const { detail, errors, extensions, headers } = error.options;
  const body = {
    type: problemType(error.code),
    title: errorCatalog[error.code].title,
    status: error.status,
    detail: clipText(detail ?? errorCatalog[error.code].title, PROBLEM_BOUNDS.detail),
    code: error.code,
    ...(errors ? { errors: boundedFieldErrors(errors) } : {}),
    ...extensions,
    requestId: responseRequestIdOf(request),
    ...traceIdMember(request),
  };
  return reply.status(error.status).headers(headers ?? {}).header('content-type', PROBLEM_JSON).send(body);
}

/**
 * At most PROBLEM_BOUNDS.fields field errors, each field and message clipped: the bounds the
 * document states (problem.schema.ts). A body with thousands of unknown keys, or one key of a
 * megabyte, is answered with a short list rather than echoed back.
 */
function boundedFieldErrors(errors: readonly FieldError[]): FieldError[] {
  return errors.slice(0, PROBLEM_BOUNDS.fields).map((e) => ({ field: clipText(e.field, PROBLEM_BOUNDS.field), message: clipText(e.message, PROBLEM_BOUNDS.message) }));
}

/** `traceId` when the request is traced (docs/API.md, Additions): the same id as its log lines. */
function traceIdMember(request: FastifyRequest): { traceId?: string } {
  const traceId = traceIdOf(request.raw);
  return traceId ? { traceId } : {};
}

export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;

  const fromDatabase = mapDatabaseError(exception);
  if (fromDatabase) return fromDatabase;

  const status = httpStatusOf(exception);
  if (status !== undefined && status < 500) {
    const code = codeByStatus[status];
    if (code) return new AppError(code, { detail: badRequestDetail(exception) ?? httpLayerDetails[code] });
  }
  if (status === 503) return new AppError('SERVICE_UNAVAILABLE');
  return new AppError('INTERNAL_ERROR', {
    detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
    cause: exception,
  });
}

function badRequestDetail(exception: unknown): string | undefined {
  // Nest turns body-parser SyntaxErrors into a BadRequestException before they reach us.
  if (exception instanceof SyntaxError || (exception instanceof HttpException && exception.getStatus() === 400)) {
    return fastifyBadRequestDetails.FST_ERR_CTP_INVALID_JSON_BODY;
  }
  const code = exception && typeof exception === 'object' && 'code' in exception ? String(exception.code) : '';
  return fastifyBadRequestDetails[code];
}

/** Status of Nest HTTP exceptions and of Fastify's own errors (body parsing, limits). */
function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (exception && typeof exception === 'object' && 'statusCode' in exception) {
    const status = (exception as { statusCode: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 600) return status;
  }
  return undefined;
}
