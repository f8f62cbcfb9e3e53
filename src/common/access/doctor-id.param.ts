import { Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { notFound } from '../errors/app-error.js';
import { isUuid, uuidParam } from '../validation/uuid.js';
import { toOpenApiSchema } from '../openapi/schemas.js';

/**
 * An id that is not a UUID names no doctor: 404, like any unknown id (nothing to validate for the
 * caller). The one parameter pipe of every `/doctors/:id…` route, whichever module serves it, so
 * a bad id answers the same everywhere (test/e2e/doctors/doctor-id.spec.ts walks the routes).
 */
class DoctorIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isUuid(value)) throw notFound('doctor');
    return value.toLowerCase();
  }
}

export function DoctorIdParam(name = 'id'): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new DoctorIdPipe())(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name, schema: toOpenApiSchema(uuidParam), description: 'A doctor id; anything else is 404' })(target, key, descriptor);
  };
}
