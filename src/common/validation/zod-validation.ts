import { Body, Param, Query, SetMetadata, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z, type ZodError, type ZodType } from 'zod';
import { invalidFields, type FieldError } from '../errors/app-error.js';
import { nulCharacterErrors } from './nul-characters.js';
import { VALIDATES_INPUT } from '../openapi/operation.js';
import { toOpenApiSchema } from '../openapi/schemas.js';

export function toFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'is not a known field' }));
    }
    return [{ field: base || '(root)', message: issue.message }];
  });
}

/** Validates and converts one request part; failures are 400 VALIDATION_FAILED with `errors`. */
export class ZodValidationPipe<T extends ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw invalidFields(toFieldErrors(result.error));
    // Checked on what the schema let through, whose depth the schema bounds (a raw body may
    // nest thousands of levels deep before the schema refuses it).
    const nul = nulCharacterErrors(result.data);
    if (nul.length > 0) throw invalidFields(nul);
    return result.data;
  }
}

type ParamDecorator = (target: object, key: string | symbol | undefined, index: number) => void;

/**
 * Applies a method decorator from a parameter decorator; also marks the route as one that
 * validates its input, so its OpenAPI operation lists the 400 (src/common/openapi/error-responses.ts).
 */
function describe(target: object, key: string | symbol | undefined, decorate: MethodDecorator): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) return;
  decorate(target, key, descriptor);
  SetMetadata(VALIDATES_INPUT, true)(target, key, descriptor);
}

const acceptsAbsence = (schema: ZodType): boolean => schema.safeParse(undefined).success;

/** The request body, validated by `schema` and described in the OpenAPI document. */
export function ValidBody(schema: ZodType): ParamDecorator {
  // An optional body is documented as its object (`required: false`), not as "object or nothing".
  const documented = schema instanceof z.ZodOptional ? (schema.unwrap() as ZodType) : schema;
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    describe(target, key, ApiBody({ required: !acceptsAbsence(schema), schema: toOpenApiSchema(documented) }));
  };
}

/** The query string as one object, validated by `schema`; each property is documented. */
export function ValidQuery(schema: z.ZodObject): ParamDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key, index);
    for (const [name, property] of Object.entries(schema.shape)) {
      const field = property as ZodType;
      const { description, ...fieldSchema } = toOpenApiSchema(field);
      describe(target, key, ApiQuery({ name, required: !acceptsAbsence(field), schema: fieldSchema, ...(typeof description === 'string' ? { description } : {}) }));
    }
  };
}

/** One path parameter, validated by `schema`. */
export function ValidParam(name: string, schema: ZodType): ParamDecorator {
  return (target, key, index) => {
    Param(name, new ZodValidationPipe(schema))(target, key, index);
    describe(target, key, ApiParam({ name, schema: toOpenApiSchema(schema) }));
  };
}
