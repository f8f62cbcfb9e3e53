import { Body, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z, type ZodError, type ZodType } from 'zod';
import { invalidFields, type FieldError } from '../errors/app-error.js';
import { nulCharacterErrors } from './nul-characters.js';

/** OpenAPI 3.0 schema for a Zod schema, from Zod's own converter. */
export function toOpenApiSchema(schema: ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  return rest;
}

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

function describe(target: object, key: string | symbol | undefined, decorate: MethodDecorator): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) decorate(target, key, descriptor);
}

/** The request body, validated by `schema` and described in the OpenAPI document. */
export function ValidBody(schema: ZodType): ParamDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    describe(target, key, ApiBody({ schema: toOpenApiSchema(schema) }));
  };
}

/** The query string as one object, validated by `schema`; each property is documented. */
export function ValidQuery(schema: z.ZodObject): ParamDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key, index);
    for (const [name, property] of Object.entries(schema.shape)) {
      const field = property as ZodType;
      describe(target, key, ApiQuery({ name, required: !field.safeParse(undefined).success, schema: toOpenApiSchema(field) }));
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
