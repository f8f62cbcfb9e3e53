import { createParamDecorator, Param, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

/** The FHIR base URL as the caller reached it (`https://host/fhir/R4`): fullUrls and links are absolute, as FHIR asks. */
export const FhirBase = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return `${request.protocol}://${request.host}/fhir/R4`;
});

/** A FHIR logical id in the path: at most 64 of [A-Za-z0-9.-]; anything else names nothing (404 from the service). */
export function FhirIdParam(): ParameterDecorator {
  return (target, key, index) => {
    Param('id')(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name: 'id', schema: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9.-]{1,64}$' }, description: 'A FHIR logical id; an unknown one is 404' })(target, key, descriptor);
  };
}
