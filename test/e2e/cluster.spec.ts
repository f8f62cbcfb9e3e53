import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, onRealPostgres, realRedisUrl } from '../helpers/lanes.js';
import { assertBuilt, freePort, waitFor } from '../helpers/process.js';

const clusterScript = fileURLToPath(new URL('../../dist/cluster.js', import.meta.url));

/** One request on a fresh connection, so node:cluster hands it to the next worker. */
function post(port: number, path: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** A cluster on the real servers: its own database and Redis key prefix, on `port`. */
function clusterEnv(databaseUrl: string, port: number, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: realRedisUrl!,
    REDIS_KEY_PREFIX: `cluster-${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: 'cluster-test-access-secret-0123456789abcdef',
    JWT_REFRESH_SECRET: 'cluster-test-refresh-secret-0123456789abcde',
    ...extra,
  };
}

describe('start:cluster refuses what cannot be shared', () => {
  it('exits with a clear message without DATABASE_URL', async () => {
    assertBuilt();
    const child = spawn(process.execPath, [clusterScript, '--workers', '2'], { env: { PATH: process.env.PATH ?? '', DATA_DIR: 'memory://' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/start:cluster needs DATABASE_URL/);
  });
});

describe.skipIf(!onRealPostgres || !realRedisUrl)('npm run start:cluster -- --workers 2', () => {
  let port: number;
  let child: ReturnType<typeof spawn>;
  let stdout = '';
  let drop: () => Promise<void>;

  beforeAll(async () => {
    assertBuilt();
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    port = await freePort();
    child = spawn(process.execPath, [clusterScript, '--workers', '2'], {
      env: clusterEnv(scratch.url, port, {
        RATE_LIMIT_AUTH_PER_MINUTE: '6',
        // A CI machine busy with other lanes is not this cluster's overload; shedding is tested elsewhere.
        LOAD_SHED_EVENT_LOOP_DELAY_MS: '0',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitFor(async () => {
      const ready = stdout.split('\n').filter((l) => l.includes('Server listening')).length;
      return ready >= 2 ? true : undefined;
    }, 60_000, 'both workers listening');
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await drop?.();
  });

  it('shares the per-address auth rate limit across workers through Redis', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await post(port, '/api/v1/auth/password-reset/request', { email: `c${i}@example.com` }));
    expect(statuses.filter((s) => s === 202), String(statuses)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    // The requests really were spread over both workers.
    const servedBy = new Set(
      stdout
        .split('\n')
        .filter((l) => l.includes('"request completed"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    expect(servedBy.size).toBe(2);
  });

  it('stops on SIGTERM: every worker drains and the primary exits 0', async () => {
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((l) => l.includes('shutdown complete'))).toHaveLength(2);
  });
});

describe.skipIf(!onRealPostgres || !realRedisUrl)('start:cluster stopped right after a worker died', () => {
  it('starts no replacement once stopping: the other worker drains and the primary exits 0', async () => {
    assertBuilt();
    const scratch = await createScratchDatabase();
    const port = await freePort();
    const child = spawn(process.execPath, [clusterScript, '--workers', '2'], {
      // The surviving worker drains for longer than the one second before a replacement is due.
      env: clusterEnv(scratch.url, port, { SHUTDOWN_DELAY_SECONDS: '3' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const workerPids = () => [...new Set(stdout.split('\n').filter((l) => l.includes('Server listening')).map((l) => (JSON.parse(l) as { pid: number }).pid))];
    try {
      await waitFor(async () => (workerPids().length >= 2 ? true : undefined), 60_000, 'both workers listening');
      process.kill(workerPids()[0]!, 'SIGKILL');
      await waitFor(async () => (stdout.includes('worker died; starting a replacement') ? true : undefined), 10_000, 'the primary to see the death');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(workerPids()).toHaveLength(2);
      expect(stdout).toContain('cluster stopped');
    } finally {
      child.kill('SIGKILL');
      await scratch.drop();
    }
  }, 90_000);
});
