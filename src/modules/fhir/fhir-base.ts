import { Param, type Provider } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';

/**
 * The FHIR base URL, `PUBLIC_API_URL` + `/fhir/R4` (a string; inject it with this token):
 * fullUrls and links are absolute, as FHIR asks. Never built from the request: its Host or
 * X-Forwarded-Host is the client's to write, and the public bulk-publish manifest that carries
 * these links is kept by shared caches.
 */
export const FHIR_BASE_URL = Symbol('FHIR_BASE_URL');

export const fhirBaseUrlProvider: Provider = {
  provide: FHIR_BASE_URL,
  useFactory: (config: AppConfig) => `${config.api.publicUrl}/fhir/R4`,
  inject: [APP_CONFIG],
};

/** A FHIR logical id in the path: at most 64 of [A-Za-z0-9.-]; anything else names nothing (404 from the service). */
export function FhirIdParam(): ParameterDecorator {
  return (target, key, index) => {
    Param('id')(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name: 'id', schema: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9.-]{1,64}$' }, description: 'A FHIR logical id; an unknown one is 404' })(target, key, descriptor);
  };
}
