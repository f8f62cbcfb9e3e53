import { errorCatalog, type ErrorCode } from '../../../common/errors/catalog.js';
import { SYSTEMS, type FhirResource } from './fhir-types.js';

/** The FHIR issue type (https://hl7.org/fhir/R4/valueset-issue-type.html) for an HTTP status. */
export function issueCode(status: number): string {
  if (status === 400) return 'invalid';
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 405) return 'not-supported';
  if (status === 409) return 'conflict';
  if (status === 422) return 'processing';
  if (status === 429) return 'throttled';
  if (status === 503) return 'transient';
  return 'exception';
}

/** An error as FHIR says it: the catalog code as a coding, the detail (and each field) as diagnostics. */
export function toOperationOutcome(error: { status: number; code: ErrorCode; detail?: string; fields?: readonly { field: string; message: string }[] }): FhirResource {
  const details = { coding: [{ system: SYSTEMS.errorCode, code: error.code, display: errorCatalog[error.code].title }], text: errorCatalog[error.code].title };
  const issue = [{ severity: 'error', code: issueCode(error.status), details, diagnostics: error.detail ?? errorCatalog[error.code].title }];
  for (const field of error.fields ?? []) issue.push({ severity: 'error', code: 'invalid', details, diagnostics: `${field.field}: ${field.message}` });
  return { resourceType: 'OperationOutcome', issue };
}
