import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, onRealPostgres, realRedisUrl } from '../helpers/lanes.js';
import { freePort, startService, waitFor, type RunningProcess } from '../helpers/process.js';

// These run the compiled service as a separate process, exactly as `npm start` does.

describe('start-up', () => {
  it('exits non-zero with one line naming a bad variable', async () => {
    const service = startService({ PORT: 'eighty', DATA_DIR: 'memory://' });
    const { code } = await service.exited;
    expect(code).toBe(1);
    const lines = service.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT /);
  });

  it('refuses to start in production without DATABASE_URL or with a short JWT secret', async () => {
    const service = startService({ NODE_ENV: 'production', JWT_SECRET: 'short', JWT_REFRESH_SECRET: 'x'.repeat(40) });
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.stderr()).toMatch(/DATABASE_URL is required in production/);
    expect(service.stderr()).toMatch(/JWT_SECRET must be at least 32 characters/);
  });

  it('retries an unreachable database with backoff, then exits with a clear message', async () => {
    const closedPort = await freePort();
    const service = startService({
      DATABASE_URL: `postgres://ihosi:do-not-print-me@127.0.0.1:${closedPort}/ihosi`,
      DB_CONNECT_RETRY_SECONDS: '2',
      DATA_DIR: 'memory://',
    });
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.stderr()).toMatch(new RegExp(`iHosi cannot start: PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/ihosi is unreachable after \\d+ s \\(ECONNREFUSED\\)`));
    // It retried rather than giving up at once: the log says so, attempt by attempt.
    const retries = service.stdout().split('\n').filter((l) => l.includes('database not reachable yet'));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(service.stdout() + service.stderr()).not.toContain('do-not-print-me');
  });
});

describe('a running service', () => {
  let service: RunningProcess;
  let port: number;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    port = await freePort();
    const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_DELAY_SECONDS: '0.2', DATA_DIR: mkdtempSync(join(tmpdir(), 'ihosi-proc-')) };
    if (onRealPostgres) {
      const scratch = await createScratchDatabase();
      env.DATABASE_URL = scratch.url;
      dropDatabase = scratch.drop;
    }
    if (realRedisUrl) env.REDIS_URL = realRedisUrl;
    service = startService(env);
    await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200 ? true : undefined), 60_000, 'readiness');
  });

  afterAll(async () => {
    service.child.kill('SIGKILL');
    await dropDatabase?.();
  });

  it('answers /health/ready with 200 and logs JSON lines', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(response.status).toBe(200);
    const lines = service.stdout().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('on SIGTERM stops accepting, finishes the request in flight and exits 0', async () => {
    // A request whose body is still arriving when the signal comes.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const body = JSON.stringify({ note: 'in flight' });
    socket.write(`POST /api/v1/specialties HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.slice(0, 5));
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));

    service.child.kill('SIGTERM');
    // After the shutdown delay the listener closes: new connections are refused (polled, not slept for).
    const refused = await waitFor(
      () =>
        new Promise<true | undefined>((resolve) => {
          const probe = net.connect(port, '127.0.0.1');
          probe.once('connect', () => {
            probe.destroy();
            resolve(undefined);
          });
          probe.once('error', () => resolve(true));
        }),
      10_000,
      'the listener to close',
    );
    expect(refused).toBe(true);

    socket.write(body.slice(5));
    const { code } = await service.exited;
    expect(response).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(response).toMatch(/application\/problem\+json/);
    expect(code).toBe(0);
    expect(service.stdout()).toMatch(/shutdown complete/);
  });
});
