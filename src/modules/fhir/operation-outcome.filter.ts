import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from '../../common/errors/problem.filter.js';
import { clipText } from '../../common/validation/clip-text.js';
import { PROBLEM_BOUNDS } from '../../common/errors/problem.schema.js';
import { toOperationOutcome } from './mapping/operation-outcome.mapping.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const FHIR_NDJSON = 'application/fhir+ndjson; charset=utf-8';

/**
 * The FHIR face's errors: what the ProblemFilter would answer (same status, same catalog code,
 * same headers, 5xx logged with the cause), written as an OperationOutcome. Bound to the FHIR
 * controllers, so it also sees the access guard's 401 and 403 and the query validation's 400.
 */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toAppError(exception);
    if (error.status >= 500) request.log.error({ err: exception, code: error.code }, 'request failed');
    const { detail, errors, headers } = error.options;
    const outcome = toOperationOutcome({
      status: error.status,
      code: error.code,
      detail: detail === undefined ? undefined : clipText(detail, PROBLEM_BOUNDS.detail),
      fields: errors?.slice(0, PROBLEM_BOUNDS.fields).map((e) => ({ field: clipText(e.field, PROBLEM_BOUNDS.field), message: clipText(e.message, PROBLEM_BOUNDS.message) })),
    });
    void reply.status(error.status).headers(headers ?? {}).header('content-type', FHIR_JSON).send(outcome);
  }
}
