import { z, type ZodType } from 'zod';

/** A JSON Schema object as the OpenAPI document holds it. */
export type JsonSchema = Record<string, unknown>;

const COMPONENT_REF = '#/components/schemas/';
const ZOD_DEFINITION_REF = '#/definitions/';
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Lengths a string format already fixes: a UUID is 36 characters and a date `YYYY-MM-DD` 10,
 * whatever the pattern spells. Written into the document so a client (and the linter) sees
 * the bound the validator enforces anyway.
 */
const LENGTH_OF_FORMAT: Record<string, number> = { uuid: 36, date: 10 };

/**
 * Schemas whose JSON Schema form would mislead, with what the document says instead. A
 * query-string number is parsed from a string of digits, so Zod describes it as a string with
 * a pattern; to a client it is an integer with bounds. See `documentedAs`.
 */
const documented = z.registry<JsonSchema>();

/** Documents `schema` as `json` in the OpenAPI document; validation is unchanged. */
export function documentedAs<T extends ZodType>(schema: T, json: JsonSchema): T {
  documented.add(schema, json);
  return schema;
}

/**
 * The named schemas (`.meta({ id: 'Doctor' })`) the routes use, collected as routes are declared
 * and served as `components.schemas`. An input and an output of one shape are two components
 * when their JSON differs (defaults, transforms): giving them one name is refused at start-up
 * rather than documenting one of them wrongly.
 */
class SchemaComponents {
  private readonly byName = new Map<string, JsonSchema>();

  add(name: string, schema: JsonSchema): void {
    const known = this.byName.get(name);
    if (known && JSON.stringify(known) !== JSON.stringify(schema)) {
      throw new Error(`Two different schemas are named "${name}" in the OpenAPI document; give the input and the output their own id.`);
    }
    this.byName.set(name, schema);
  }

  /** By name, so the document reads the same on every start. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.byName.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

export const schemaComponents = new SchemaComponents();

/**
 * OpenAPI 3.0 schema for a Zod schema, from Zod's own converter: named schemas become `$ref`s
 * to `components.schemas` (and are collected there), integers say whether they fit in 32 bits,
 * and the documented forms of `documentedAs` replace what Zod would say.
 */
export function toOpenApiSchema(schema: ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const converted = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any', override: describeForClients }) as JsonSchema & {
    definitions?: Record<string, JsonSchema>;
  };
  const { definitions = {}, ...root } = converted;
  for (const [name, definition] of Object.entries(definitions)) schemaComponents.add(name, pointRefsAtComponents(definition) as JsonSchema);
  return pointRefsAtComponents(root) as JsonSchema;
}

/** Zod's `override` hook, called for every node of the schema. */
function describeForClients({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const replacement = documented.get(zodSchema as ZodType);
  if (replacement) {
    for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
    Object.assign(jsonSchema, replacement);
  }
  // Zod leaves a default out of an input schema whose inner schema transforms (the default is
  // an output value); a documented query number's default is exactly what the client may send.
  const zod = zodSchema as ZodType;
  if (zod instanceof z.ZodDefault && !('default' in jsonSchema) && isDocumented(zod.unwrap() as ZodType)) {
    jsonSchema.default = zod._zod.def.defaultValue;
  }
  if (jsonSchema.type === 'integer' && jsonSchema.format === undefined) {
    const fits = Number(jsonSchema.minimum) >= INT32.min && Number(jsonSchema.maximum) <= INT32.max;
    jsonSchema.format = fits ? 'int32' : 'int64';
  }
  const impliedLength = typeof jsonSchema.format === 'string' ? LENGTH_OF_FORMAT[jsonSchema.format] : undefined;
  if (jsonSchema.type === 'string' && jsonSchema.maxLength === undefined && impliedLength !== undefined) jsonSchema.maxLength = impliedLength;
}

function isDocumented(schema: ZodType): boolean {
  if (documented.has(schema)) return true;
  return (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) && isDocumented(schema.unwrap() as ZodType);
}

/** Zod names its definitions `#/definitions/<id>`; the document keeps them under components. */
function pointRefsAtComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pointRefsAtComponents);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith(ZOD_DEFINITION_REF) ? COMPONENT_REF + inner.slice(ZOD_DEFINITION_REF.length) : pointRefsAtComponents(inner),
    ]),
  );
}
