import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/common/auth/policy.js';
import { nestRoutes, type NestRoute } from '../helpers/routes.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// The OpenAPI document is what app developers generate their clients from (STYLE.md 18).
// This walks every operation of the served document and holds each to the same bar, so a new
// route cannot forget its operationId, summary, errors, rate-limit headers or input bounds.

type Schema = Record<string, unknown> & { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema };
interface Response {
  description?: string;
  headers?: Record<string, { $ref?: string }>;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, Response>;
}
interface Document {
  info: { version: string; license?: { name: string } };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; headers: Record<string, unknown> };
}

const PROBLEM = '#/components/schemas/Problem';
/** Outputs that answer what an input stored, by component: each output bound must hold every value the input lets in. */
const OUTPUT_OF_INPUT: [output: string, input: string][] = [
  ['User', 'RegisterInput'],
  ['User', 'UpdateMeInput'],
  ['Doctor', 'UpdateDoctorInput'],
  ['Location', 'LocationInput'],
  ['AppointmentType', 'CreateAppointmentTypeInput'],
  ['AppointmentType', 'UpdateAppointmentTypeInput'],
  ['Appointment', 'BookAppointmentInput'],
  ['Availability', 'AvailabilityInput'],
  ['TimeOff', 'TimeOffInput'],
  ['Review', 'ReviewInput'],
];

describe('the OpenAPI document, operation by operation', () => {
  let t: TestApp;
  let document: Document;
  let operations: { method: string; path: string; operation: Operation; route: NestRoute | undefined }[];

  beforeAll(async () => {
    t = await startTestApp();
    const response = await t.request({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    document = response.json() as Document;
    const routes = nestRoutes(t);
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method,
        path,
        operation,
        route: routes.find((r) => r.method.toLowerCase() === method && r.url.replace(/:(\w+)/g, '{$1}') === path),
      })),
    );
  });
  afterAll(() => t.close());

  const each = (check: (o: (typeof operations)[number]) => string | undefined) => operations.map(check).filter((failure): failure is string => failure !== undefined);
  const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema);

  /**
   * Adds to `found` each string without maxLength (and not an enum or const) and each array
   * without maxItems in `schema` and every schema it reaches (properties, items, map values,
   * allOf/anyOf/oneOf), by where it stands; each component is walked once.
   */
  const unboundedIn = (schema: Schema | undefined, where: string, found: string[] = [], seen = new Set<Schema>()): string[] => {
    const resolved = resolve(schema);
    if (!resolved || seen.has(resolved)) return found;
    seen.add(resolved);
    if (resolved.type === 'string' && resolved.maxLength === undefined && resolved.enum === undefined && resolved.const === undefined) found.push(`${where}: string`);
    if (resolved.type === 'array' && resolved.maxItems === undefined) found.push(`${where}: array`);
    for (const [name, property] of Object.entries(resolved.properties ?? {})) unboundedIn(property, `${where}.${name}`, found, seen);
    unboundedIn(resolved.items, `${where}[]`, found, seen);
    if (typeof resolved.additionalProperties === 'object') unboundedIn(resolved.additionalProperties as Schema, `${where}{}`, found, seen);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const inner of (resolved[key] as Schema[] | undefined) ?? []) unboundedIn(inner, where, found, seen);
    return found;
  };

  it('walks every Nest route (the walk itself)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(each((o) => (o.route ? undefined : `${o.method} ${o.path} has no Nest route`))).toEqual([]);
  });

  it('names the resources, the pages and the inputs as components', () => {
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Doctor', 'DoctorCard', 'DoctorCardPage', 'Appointment', 'AppointmentPage', 'Slot', 'Problem', 'User', 'Session', 'BookAppointmentInput']),
    );
    const text = JSON.stringify(document);
    const dangling = [...text.matchAll(/"\$ref":"#\/components\/(schemas|headers)\/([^"]+)"/g)].filter(([, kind, name]) => !(name! in (kind === 'schemas' ? document.components.schemas : document.components.headers)));
    expect(dangling.map(([ref]) => ref)).toEqual([]);
  });

  it('gives every operation a stable camelCase operationId, unique, and a one-line summary and a description', () => {
    expect(each((o) => (/^[a-z][a-zA-Z0-9]+$/.test(o.operation.operationId ?? '') ? undefined : `${o.method} ${o.path}: operationId ${o.operation.operationId}`))).toEqual([]);
    const ids = operations.map((o) => o.operation.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(each((o) => (/^[^\n]{3,80}$/.test(o.operation.summary ?? '') && o.operation.description ? undefined : `${o.operation.operationId}: summary or description`))).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['searchDoctors', 'getDoctor', 'getDoctorSlots', 'bookAppointment', 'listAppointments', 'cancelAppointment', 'login', 'refreshSession']));
  });

  it('answers every error as a problem+json Problem, and every operation lists 500', () => {
    expect(
      each((o) => {
        const wrong = Object.entries(o.operation.responses).filter(([status, r]) => Number(status) >= 400 && r.content?.['application/problem+json']?.schema?.$ref !== PROBLEM);
        if (wrong.length > 0) return `${o.operation.operationId}: ${wrong.map(([s]) => s).join(', ')} not a Problem`;
        return o.operation.responses['500'] ? undefined : `${o.operation.operationId}: no 500`;
      }),
    ).toEqual([]);
  });

  it('lists 401 on every operation that needs a token, and 403 where a role is refused', () => {
    expect(
      each((o) => {
        if (o.route?.policy?.kind !== 'roles') return undefined;
        const missing = ['401', ...(o.route.policy.roles.length < ROLES.length ? ['403'] : [])].filter((status) => !o.operation.responses[status]);
        return missing.length > 0 ? `${o.operation.operationId}: no ${missing.join(', ')}` : undefined;
      }),
    ).toEqual([]);
  });

  it('says `security: []` on every public operation (/metrics asks for its own token)', () => {
    expect(each((o) => (o.route?.policy?.kind === 'public' && o.path !== '/metrics' && JSON.stringify(o.operation.security) !== '[]' ? `${o.operation.operationId}: ${JSON.stringify(o.operation.security)}` : undefined))).toEqual([]);
  });

  it('lists 400, 413 and 415 on every operation that takes a body, and 404 on every path with an id', () => {
    expect(
      each((o) => {
        const expected = [...(o.operation.requestBody ? ['400', '413', '415'] : []), ...(o.path.includes('{') ? ['404'] : [])];
        const missing = expected.filter((status) => !o.operation.responses[status]);
        return missing.length > 0 ? `${o.operation.operationId}: no ${missing.join(', ')}` : undefined;
      }),
    ).toEqual([]);
  });

  it('lists 429 with Retry-After on every operation (all are rate limited, the probes too), and the RateLimit headers on its answers', () => {
    expect(
      each((o) => {
        if (!o.operation.responses['429']?.headers?.['Retry-After']) return `${o.operation.operationId}: no 429 with Retry-After`;
        const bare = Object.entries(o.operation.responses).filter(([status, r]) => /^[24]/.test(status) && !(r.headers?.RateLimit && r.headers['RateLimit-Policy']));
        return bare.length > 0 ? `${o.operation.operationId}: ${bare.map(([s]) => s).join(', ')} without RateLimit` : undefined;
      }),
    ).toEqual([]);
  });

  it('describes every request and response body by a named component (an array of one at most), never inline', () => {
    const named = (schema: Schema | undefined) => Boolean(schema?.$ref) || (schema?.type === 'array' && Boolean(schema.items?.$ref));
    expect(
      each((o) => {
        const bodies = [...Object.values(o.operation.requestBody?.content ?? {}), ...Object.values(o.operation.responses).flatMap((r) => Object.values(r.content ?? {}))];
        const inline = bodies.filter((media) => media.schema?.type !== 'string' && !named(media.schema));
        return inline.length > 0 ? `${o.operation.operationId}: ${JSON.stringify(inline).slice(0, 120)}` : undefined;
      }),
    ).toEqual([]);
  });

  it('bounds every string and array a client sends (maxLength, maxItems), through every component', () => {
    const unbounded = operations.flatMap((o) => [
      ...(o.operation.parameters ?? []).flatMap((p) => unboundedIn(p.schema, `${o.operation.operationId} ${p.in} ${p.name}`)),
      ...Object.values(o.operation.requestBody?.content ?? {}).flatMap((media) => unboundedIn(media.schema, `${o.operation.operationId} body`)),
    ]);
    expect(unbounded).toEqual([]);
  });

  it('bounds every string and array it answers (maxLength, maxItems), through every component', () => {
    const unbounded = operations.flatMap((o) =>
      Object.entries(o.operation.responses).flatMap(([status, response]) => Object.values(response.content ?? {}).flatMap((media) => unboundedIn(media.schema, `${o.operation.operationId} ${status}`))),
    );
    // A doctor's appointment types and time off were the last unbounded lists (capped since issue 12's "Bounded doctor lists").
    expect(unbounded).toEqual([]);
  });

  it('bounds what it answers at least as loosely as the input that stored it (maxLength, maxItems, field by field)', () => {
    const tighter: string[] = [];
    const compare = (output: Schema | undefined, input: Schema | undefined, where: string): void => {
      const [out, into] = [resolve(output), resolve(input)];
      // Another shape (codes in, objects out), or a value the server rewrites (an instant is answered in UTC, 24 to 27 characters).
      if (!out || !into || (out.type !== undefined && into.type !== undefined && out.type !== into.type) || out.format === 'date-time') return;
      for (const bound of ['maxLength', 'maxItems'] as const) {
        const [o, i] = [out[bound], into[bound]];
        if (typeof i === 'number' && (typeof o !== 'number' || o < i)) tighter.push(`${where}: ${bound} ${String(o)} < ${i}`);
      }
      for (const [name, property] of Object.entries(into.properties ?? {})) compare(out.properties?.[name], property, `${where}.${name}`);
      compare(out.items, into.items, `${where}[]`);
      for (const key of ['anyOf', 'oneOf'] as const) {
        // A union in, a union out (`string | boolean`): each input branch against the output branch of its type.
        const outBranches = ((out.anyOf ?? out.oneOf) as Schema[] | undefined)?.map((branch) => resolve(branch));
        for (const inner of (into[key] as Schema[] | undefined) ?? []) compare(outBranches?.find((branch) => branch?.type === resolve(inner)?.type) ?? out, inner, where);
      }
    };
    for (const [output, input] of OUTPUT_OF_INPUT) {
      expect(document.components.schemas[output], output).toBeDefined();
      expect(document.components.schemas[input], input).toBeDefined();
      compare({ $ref: `#/components/schemas/${output}` }, { $ref: `#/components/schemas/${input}` }, `${output} ← ${input}`);
    }
    expect(tighter).toEqual([]);
  });

  it('types query numbers as numbers with bounds and defaults, never as strings of digits', () => {
    const query = (operationId: string, name: string) => operations.find((o) => o.operation.operationId === operationId)?.operation.parameters?.find((p) => p.in === 'query' && p.name === name)?.schema;
    expect(query('searchDoctors', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(query('searchDoctors', 'maxFee')).toMatchObject({ type: 'integer', minimum: 0 });
    expect(query('searchDoctors', 'minRating')).toMatchObject({ type: 'number', minimum: 0, maximum: 5 });
    const digitStrings = each((o) => {
      const bad = (o.operation.parameters ?? []).filter((p) => p.schema?.type === 'string' && /^\^\\d/.test(String(p.schema.pattern ?? '')));
      return bad.length > 0 ? `${o.operation.operationId}: ${bad.map((p) => p.name).join(', ')}` : undefined;
    });
    expect(digitStrings).toEqual([]);
  });

  it('names its version and licence from package.json, and a server', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; license: string };
    expect(document.info.version).toBe(pkg.version);
    expect(document.info.license?.name).toBe(pkg.license);
    expect(document.servers?.length).toBeGreaterThan(0);
  });
});
