import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type ResponseObject } from '@nestjs/swagger';
import { ACCESS_POLICY, type AccessPolicy } from '../auth/policy.js';
import type { ErrorCode } from '../errors/catalog.js';
import { problemSchema } from '../errors/problem.schema.js';
import { errorResponses, isRateLimited } from './error-responses.js';
import { IMPLIED_ERRORS, OPERATION_CONTRACT, VALIDATES_INPUT, type OperationContract } from './operation.js';
import { HEADER_COMPONENTS, responseHeaders } from './response-headers.js';
import { schemaComponents, toOpenApiSchema } from './schemas.js';

const TAGS: Record<string, string> = {
  auth: 'Accounts and sessions: register, sign in, refresh, sign out, password changes and resets',
  doctors: 'The public directory of verified doctors, the specialty catalogue, and a doctor’s own profile',
  scheduling: 'Weekly hours, time off, appointment types, bookable slots and appointments',
  reviews: 'Reviews of completed appointments and the public list of them',
  admin: 'Doctor verification and the audit trail; admins only',
  operations: 'Probes and metrics for operators (not rate limited)',
  notifications: 'Where notices reach the user: push devices and the verified phone for SMS',
  webhooks: 'Signed event deliveries (Standard Webhooks) to the endpoints of doctors and admins, and what became of them',
  fhir: 'FHIR R4 read side at /fhir/R4 (application/fhir+json; errors as OperationOutcome): Practitioner, PractitionerRole, Schedule, Slot, Appointment',
};

const DESCRIPTION = [
  'Find a doctor and book a visit.',
  'Errors are RFC 9457 `application/problem+json` bodies (`Problem`) with a stable `code`; each operation lists the codes it can answer with.',
  'Requests are rate limited per user or address (see the `RateLimit` headers); the full contract and its rules are in docs/API.md.',
].join(' ');

/** The package's version and licence: the document describes this build. */
function packageInfo(): { version: string; license: string } {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  const { version, license } = JSON.parse(text) as { version: string; license: string };
  return { version, license };
}

interface DeclaredOperation {
  contract: OperationContract;
  policy: AccessPolicy;
  validatesInput: boolean;
  /** The contract's error codes and those its decorators imply (IMPLIED_ERRORS). */
  errors: readonly ErrorCode[];
}

/** Every controller method declared with `@Operation`, by operationId, with its access policy. */
function declaredOperations(app: INestApplication): Map<string, DeclaredOperation> {
  const found = new Map<string, DeclaredOperation>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler: unknown = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const contract = Reflect.getMetadata(OPERATION_CONTRACT, handler) as OperationContract | undefined;
        if (!contract) continue;
        if (found.has(contract.id)) throw new Error(`The operationId "${contract.id}" is declared twice.`);
        const ofRoute = (key: string): unknown => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        const policy = ofRoute(ACCESS_POLICY) as AccessPolicy | undefined;
        // The access guard refuses such a route anyway; the document must not call it public.
        if (!policy) throw new Error(`${controller.name}.${name} declares no access policy.`);
        const implied = (ofRoute(IMPLIED_ERRORS) ?? []) as readonly ErrorCode[];
        found.set(contract.id, { contract, policy, validatesInput: Reflect.getMetadata(VALIDATES_INPUT, handler) === true, errors: [...(contract.errors ?? []), ...implied] });
      }
    }
  }
  return found;
}

/** Adds to one operation what follows from its declaration: `security: []` when public, error responses, response headers. */
function complete(operation: OperationObject, method: string, path: string, declared: DeclaredOperation | undefined): void {
  if (!declared) return;
  if (declared.policy.kind === 'public' && operation.security === undefined) operation.security = [];
  const bearer = (operation.security ?? []).length > 0;
  const rateLimited = isRateLimited(method, path);
  for (const [status, response] of Object.entries(operation.responses)) {
    (response as ResponseObject).headers = responseHeaders(Number(status), { rateLimited, bearer });
  }
  Object.assign(operation.responses, errorResponses({ method, path, policy: declared.policy, bearer, validatesInput: declared.validatesInput, declared: declared.errors }));
}

/** The OpenAPI document of the application's routes, as /docs-json serves it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const { version, license } = packageInfo();
  const builder = new DocumentBuilder()
    .setTitle('iHosi API')
    .setDescription(DESCRIPTION)
    .setVersion(version)
    .setLicense(license, '')
    .addServer('/', 'This deployment (local, staging or production): the host that serves this document')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'An access token from sign-in or refresh, as `Authorization: Bearer <token>`: a short-lived JWT (HS256, `typ` at+jwt, `iss`/`aud` pinned) issued and verified as RFC8725 recommends. The role inside it decides what the caller may do.',
    });
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());

  const declared = declaredOperations(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
      complete(operation, method, path, operation.operationId ? declared.get(operation.operationId) : undefined);
    }
  }
  toOpenApiSchema(problemSchema, 'output');
  document.info.license = { name: license };
  document.servers = (document.servers ?? []).map((server) => ({ ...server, 'x-internal': false }));
  document.components = { ...document.components, schemas: schemaComponents.all(), headers: HEADER_COMPONENTS };
  return document;
}
