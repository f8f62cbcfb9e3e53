import { Param } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { AppConfig } from '../../config/config.js';

/**
 * The FHIR base URL, `PUBLIC_API_URL` + `/fhir/R4`: fullUrls and links are absolute, as FHIR
 * asks. Never built from the request: its Host or X-Forwarded-Host is the client's to write,
 * and the public bulk-publish manifest that carries these links is kept by shared caches.
 */
export function fhirBaseUrl(config: AppConfig): string {
  return `${config.api.publicUrl}/fhir/R4`;
}

/** A FHIR logical id in the path: at most 64 of [A-Za-z0-9.-]; anything else names nothing (404 from the service). */
export function FhirIdParam(): ParameterDecorator {
  return (target, key, index) => {
    Param('id')(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name: 'id', schema: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9.-]{1,64}$' }, description: 'A FHIR logical id; an unknown one is 404' })(target, key, descriptor);
  };
}
