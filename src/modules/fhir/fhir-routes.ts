import { applyDecorators, Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ZodType } from 'zod';
import { Operation, type OperationContract } from '../../common/openapi/operation.js';
import { fhirBundleSchema, fhirResourceSchema, ndjsonSchema } from './dto/fhir.outputs.js';
import type { PublishedType } from './mapping/publish.mapping.js';
import { FHIR_JSON, FHIR_NDJSON, OperationOutcomeFilter } from './operation-outcome.filter.js';

/**
 * A controller of the FHIR face: listed under the `fhir` tag, and every error it answers
 * (the access guard's and the query validation's too) written as an OperationOutcome.
 */
export function FhirController(path: string): ClassDecorator {
  return applyDecorators(ApiTags('fhir'), Controller(path), UseFilters(OperationOutcomeFilter));
}

/** What a FHIR route has to say itself; the rest follows from its kind (search, read). */
export type FhirRouteContract = Pick<OperationContract, 'id' | 'description'>;

/**
 * A GET answering FHIR JSON. The served content type carries the charset, the document names
 * the bare media type; saying both here keeps every FHIR route's answer and document in step.
 */
export function FhirGet(path: string, contract: Omit<OperationContract, 'ok'> & { ok: { description: string; schema: ZodType } }): MethodDecorator {
  return applyDecorators(Get(path), Header('content-type', FHIR_JSON), Operation({ ...contract, ok: { ...contract.ok, mediaType: 'application/fhir+json' } }));
}

/**
 * A search of one resource type, GET /fhir/R4/<type>: a searchset Bundle. The controller is
 * mounted at fhir/R4, so the path is the type; its plural is the type and an s, as for every
 * type served.
 */
export function FhirSearch(type: string, contract: FhirRouteContract): MethodDecorator {
  return FhirGet(type, {
    ...contract,
    summary: `Search FHIR ${type}s`,
    ok: { description: `A searchset Bundle of ${type}s`, schema: fhirBundleSchema },
  });
}

/** A read of one resource by its logical id, GET /fhir/R4/<type>/{id}; `ok` says what it answers ("A free Slot"). */
export function FhirRead(type: string, contract: FhirRouteContract & { ok: string }): MethodDecorator {
  return FhirGet(`${type}/:id`, {
    id: contract.id,
    summary: `A FHIR ${type}`,
    description: contract.description,
    ok: { description: contract.ok, schema: fhirResourceSchema },
  });
}

/** One of the SMART Scheduling Links files, GET /fhir/R4/$bulk-publish/<type>.ndjson: one resource per line. */
export function FhirPublishedFile(type: PublishedType, contract: FhirRouteContract): MethodDecorator {
  return applyDecorators(
    Get(`${type}.ndjson`),
    Header('content-type', FHIR_NDJSON),
    Operation({
      ...contract,
      summary: `Published ${type}s (NDJSON)`,
      ok: { description: `${type}s, one per line`, schema: ndjsonSchema, mediaType: 'application/fhir+ndjson' },
    }),
  );
}
