import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, onRealPostgres, realRedisUrl, uniqueName } from '../helpers/lanes.js';
import { freePort, startService, waitFor, type RunningProcess } from '../helpers/process.js';

// Instrumentation patches http, pg and ioredis as they load, so this runs the compiled service
// as its own process (as `npm start` does) against a local OTLP/HTTP receiver.

interface ReceivedSpan {
  scope: string;
  traceId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** A collector's OTLP/HTTP endpoint, reduced to what the test reads: POST /v1/traces with JSON bodies. */
async function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; raw: string[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const raw: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces' || !request.headers['content-type']?.startsWith('application/json')) {
        response.writeHead(415).end();
        return;
      }
      raw.push(body);
      spans.push(...spansOf(JSON.parse(body)));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, raw, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// The OTLP JSON shape: resourceSpans[].scopeSpans[].{scope, spans[]}, attributes as [{ key, value: { stringValue | intValue ... } }].
type OtlpValue = Record<string, unknown>;
interface OtlpExport {
  resourceSpans: { scopeSpans: { scope: { name: string }; spans: { traceId: string; name: string; kind: number; attributes: { key: string; value: OtlpValue }[] }[] }[] }[];
}
function spansOf(body: OtlpExport): ReceivedSpan[] {
  return body.resourceSpans.flatMap((resource) =>
    resource.scopeSpans.flatMap(({ scope, spans }) =>
      spans.map((span) => ({
        scope: scope.name,
        traceId: span.traceId,
        name: span.name,
        kind: span.kind,
        attributes: Object.fromEntries(span.attributes.map(({ key, value }) => [key, Object.values(value)[0]])),
      })),
    ),
  );
}

const SERVER_KIND = 2;

describe('traces', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let service: RunningProcess;
  let base: string;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    receiver = await startReceiver();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'ihosi-otel-')),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Read by the SDK itself: export batches every 100 ms instead of every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    if (onRealPostgres) {
      const scratch = await createScratchDatabase();
      env.DATABASE_URL = scratch.url;
      dropDatabase = scratch.drop;
    }
    // A prefix of its own: a search cached in Redis by an earlier run would answer without a query.
    if (realRedisUrl) Object.assign(env, { REDIS_URL: realRedisUrl, REDIS_KEY_PREFIX: `${uniqueName('otel')}:` });
    service = startService(env);
    await waitFor(async () => ((await fetch(`${base}/health/ready`)).status === 200 ? true : undefined), 60_000, 'readiness');
  });

  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await receiver?.close();
    await dropDatabase?.();
  });

  it('reach an OTLP receiver: the HTTP span, and the pg query and Redis commands made for it, under the traceId of its log lines and problem body', async () => {
    // A caller's traceparent is not adopted unless OTEL_PROPAGATORS=tracecontext says so.
    const callerTraceId = 'abcdef0123456789abcdef0123456789';
    const response = await fetch(`${base}/api/v1/doctors/8a0c3e5e-8d4e-4c1b-9d63-7d1f0c2b9a11`, { headers: { traceparent: `00-${callerTraceId}-0123456789abcdef-01` } });
    expect(response.status).toBe(404);
    const problem = (await response.json()) as { requestId: string; traceId?: string };
    expect(problem.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(problem.traceId).not.toBe(callerTraceId);
    const traceId = problem.traceId!;

    const inTrace = (scope: string) => receiver.spans.filter((s) => s.scope === `@opentelemetry/instrumentation-${scope}` && s.traceId === traceId);
    const [httpSpan] = await waitFor(async () => (inTrace('http').length > 0 ? inTrace('http') : undefined), 10_000, 'the HTTP span');
    expect(httpSpan).toMatchObject({ kind: SERVER_KIND, name: 'GET /api/v1/doctors/:id', attributes: { 'http.route': '/api/v1/doctors/:id', 'http.response.status_code': 404 } });
    if (onRealPostgres) {
      const queries = await waitFor(async () => (inTrace('pg').some((s) => s.name.startsWith('pg.query')) ? inTrace('pg') : undefined), 10_000, 'a pg span');
      expect(queries.find((s) => s.name.startsWith('pg.query'))?.attributes['db.system.name']).toBe('postgresql');
    }
    if (realRedisUrl) {
      const commands = await waitFor(async () => (inTrace('ioredis').length > 0 ? inTrace('ioredis') : undefined), 10_000, 'a Redis span');
      expect(commands[0]?.attributes['db.system.name']).toBe('redis');
    }

    const lines = service
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.reqId === problem.requestId);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    for (const line of lines) expect(line, String(line.msg)).toMatchObject({ traceId });
  });

  it('carry no query string, SQL parameter or Redis key; health probes are not traced', async () => {
    const marker = uniqueName('Quaxley');
    expect((await fetch(`${base}/api/v1/doctors?q=${marker}&city=${marker}`)).status).toBe(200);
    const traceId = await waitFor(async () => receiver.spans.find((s) => s.scope.endsWith('-http') && s.attributes['http.route'] === '/api/v1/doctors')?.traceId, 10_000, 'the search span');
    if (onRealPostgres) await waitFor(async () => (receiver.spans.some((s) => s.traceId === traceId && s.name.startsWith('pg.query')) ? true : undefined), 10_000, 'its queries');
    expect(receiver.raw.join('\n')).not.toContain(marker);
    expect(receiver.spans.filter((s) => String(s.attributes['url.path']).startsWith('/health'))).toEqual([]);
  });
});
