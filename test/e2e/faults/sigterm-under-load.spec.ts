import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, onRealPostgres, realRedisUrl } from '../../helpers/lanes.js';
import { freePort, startService, waitFor } from '../../helpers/process.js';

type Outcome = { kind: 'response'; status: number; complete: boolean } | { kind: 'refused' } | { kind: 'broken'; code: string };

/** One GET on its own connection; tells a refused connection from one broken mid-request. */
function get(port: number, path: string, onConnect?: () => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ kind: 'response', status: response.statusCode ?? 0, complete: bytes === Number(response.headers['content-length'] ?? bytes) }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'broken', code: error.code ?? error.message }));
    });
    if (onConnect) request.on('socket', (socket) => socket.once('connect', onConnect));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'broken', code: error.code ?? error.message }));
  });
}

describe('SIGTERM while requests are in flight', () => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => drop?.());

  it('finishes every accepted request, refuses new connections, and exits 0', async () => {
    const port = await freePort();
    const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SHUTDOWN_DELAY_SECONDS: '3', RATE_LIMIT_PER_MINUTE: '1000000', DATA_DIR: mkdtempSync(join(tmpdir(), 'ihosi-sigterm-')) };
    if (onRealPostgres) {
      const scratch = await createScratchDatabase();
      env.DATABASE_URL = scratch.url;
      drop = scratch.drop;
    }
    if (realRedisUrl) env.REDIS_URL = realRedisUrl;
    const service = startService(env);
    await waitFor(async () => ((await get(port, '/health/ready')).kind === 'response' ? true : undefined), 60_000, 'readiness');

    // Database-backed requests, connected and sent, still being answered when the signal lands.
    let connected = 0;
    const before: Promise<Outcome>[] = [];
    for (let i = 0; i < 80; i++) before.push(get(port, i % 2 ? '/api/v1/specialties' : '/api/v1/doctors?q=cardiology', () => connected++));
    await waitFor(async () => (connected >= 80 ? true : undefined), 5_000, 'connections');
    service.child.kill('SIGTERM');
    // During the shutdown delay the instance still serves, but says it is not ready: requests
    // sent as the signal lands, and more once readiness has turned (the sign the delay has begun).
    const after: Promise<Outcome>[] = [];
    for (let i = 0; i < 40; i++) after.push(get(port, '/api/v1/specialties'));
    const readiness = await waitFor(async () => {
      const outcome = await get(port, '/health/ready');
      return outcome.kind === 'response' && outcome.status === 503 ? outcome : undefined;
    }, 10_000, 'readiness to turn 503');
    for (let i = 0; i < 40; i++) after.push(get(port, '/api/v1/specialties'));
    // After the delay the listener closes: polled until a connection is refused.
    const afterClose = await waitFor(async () => {
      const outcome = await get(port, '/api/v1/specialties');
      return outcome.kind === 'refused' ? outcome : undefined;
    }, 15_000, 'the listener to close');

    const accepted = await Promise.all(before);
    const late = await Promise.all(after);
    const { code } = await service.exited;

    // Every request in flight at SIGTERM was answered completely, and successfully.
    expect(accepted.filter((r) => r.kind !== 'response')).toEqual([]);
    for (const response of accepted) expect(response).toEqual({ kind: 'response', status: 200, complete: true });
    for (const response of late) expect(response).toEqual({ kind: 'response', status: 200, complete: true });
    expect(readiness).toMatchObject({ kind: 'response', status: 503 });
    // After the delay the listener is closed: new connections are refused.
    expect(afterClose).toEqual({ kind: 'refused' });
    expect(code).toBe(0);
  });
});
