import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The FHIR base URL as the caller reached it (`https://host/fhir/R4`): fullUrls and links are absolute, as FHIR asks. */
export const FhirBase = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return `${request.protocol}://${request.host}/fhir/R4`;
});
