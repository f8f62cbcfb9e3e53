import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaComponents, toOpenApiSchema } from '../../src/common/openapi/schemas.js';
import { limitParam, queryInt } from '../../src/common/pagination/page-query.js';

describe('Zod schemas in the OpenAPI document', () => {
  it('documents a query-string integer as the integer it is, with its bounds and default', () => {
    expect(toOpenApiSchema(limitParam)).toEqual({ type: 'integer', format: 'int32', minimum: 1, maximum: 100, default: 20, description: '1..100, default 20' });
    expect(toOpenApiSchema(queryInt(0, 5).optional())).toEqual({ type: 'integer', format: 'int32', minimum: 0, maximum: 5 });
    // Validation is unchanged: digits only.
    expect(queryInt(0, 5).safeParse('1e0').success).toBe(false);
  });

  it('turns a named schema into a $ref to components.schemas, and collects it there', () => {
    const named = z.object({ id: z.uuid(), count: z.number().int() }).meta({ id: 'TestNamedThing' });
    expect(toOpenApiSchema(z.array(named), 'output')).toEqual({ type: 'array', items: { $ref: '#/components/schemas/TestNamedThing' } });
    expect(schemaComponents.all().TestNamedThing).toMatchObject({
      properties: { id: { type: 'string', format: 'uuid', maxLength: 36 }, count: { type: 'integer', format: 'int64' } },
    });
  });

  it('refuses two different schemas under one name', () => {
    toOpenApiSchema(z.object({ a: z.string() }).meta({ id: 'TestClash' }), 'output');
    expect(() => toOpenApiSchema(z.object({ b: z.string() }).meta({ id: 'TestClash' }), 'output')).toThrow(/Two different schemas are named "TestClash"/);
  });
});
