import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { HostPort, RedisConnection } from '../../src/config/redis.js';

/**
 * Throw-away Redis topologies built from the local `redis-server` (real lane only): a
 * three-master cluster, or one master behind a sentinel. Each lives in its own temporary
 * directory on spare ports and is shut down by port (then by its own pid file).
 */
const run = promisify(execFile);
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? 'redis-cli';
const HOST = '127.0.0.1';

export interface RedisTopology {
  connection: RedisConnection;
  /** The variables that point the app at it (REDIS_URL unset). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

interface Server {
  port: number;
  password?: string;
}

async function cli(server: Server, ...args: string[]): Promise<string> {
  const auth = server.password ? ['-a', server.password, '--no-auth-warning'] : [];
  const { stdout } = await run(REDIS_CLI, ['-h', HOST, '-p', String(server.port), ...auth, ...args], { timeout: 15_000 });
  return stdout;
}

async function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/** A port in 7000–7999 that is free, and whose cluster bus port (+10000) is free too. */
async function sparePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 7000 + Math.floor(Math.random() * 1000);
    if (taken.has(port)) continue;
    if ((await bindable(port)) && (await bindable(port + 10_000))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no spare port pair in 7000-7999');
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Shuts each server down by port; one that does not answer is ended through its own pid file. */
async function stopAll(dir: string, servers: (Server & { pidFile: string })[]): Promise<void> {
  await Promise.all(
    servers.map(async (server) => {
      const shutDown = await cli(server, 'shutdown', 'nosave').then(
        () => true,
        () => false,
      );
      if (shutDown) return;
      try {
        const pid = Number(readFileSync(server.pidFile, 'utf8').trim());
        if (pid > 0) process.kill(pid, 'SIGKILL');
      } catch {
        // Never started, or gone already (the pid file is removed at shutdown).
      }
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}

function serverArgs(dir: string, port: number): string[] {
  return ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', dir, '--pidfile', join(dir, `redis-${port}.pid`), '--logfile', join(dir, `redis-${port}.log`)];
}

export interface RedisCluster extends RedisTopology {
  /** Shuts one master down (for good: there are no replicas to take its slots over). */
  stopNode(index: number): Promise<void>;
}

/** Three masters, no replicas, joined with `redis-cli --cluster create`; resolves once every node says `cluster_state:ok`. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ihosi-redis-cluster-'));
  const taken = new Set<number>();
  const ports = [await sparePort(taken), await sparePort(taken), await sparePort(taken)];
  const servers = ports.map((port) => ({ port, pidFile: join(dir, `redis-${port}.pid`) }));
  try {
    for (const port of ports) {
      await run(REDIS_SERVER, [...serverArgs(dir, port), '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`)]);
    }
    for (const server of servers) await until(`redis on ${server.port}`, async () => (await cli(server, 'ping')).trim() === 'PONG');
    await cli(servers[0]!, '--cluster', 'create', ...ports.map((port) => `${HOST}:${port}`), '--cluster-replicas', '0', '--cluster-yes');
    for (const server of servers) await until(`cluster_state:ok on ${server.port}`, async () => (await cli(server, 'cluster', 'info')).includes('cluster_state:ok'));
  } catch (error) {
    await stopAll(dir, servers);
    throw error;
  }
  const nodes: HostPort[] = ports.map((port) => ({ host: HOST, port }));
  return {
    connection: { mode: 'cluster', nodes, auth: { tls: false } },
    env: { REDIS_URL: '', REDIS_CLUSTER_NODES: nodes.map((n) => `${n.host}:${n.port}`).join(',') },
    stop: () => stopAll(dir, servers),
    stopNode: async (index) => {
      await cli(servers[index]!, 'shutdown', 'nosave');
    },
  };
}

export const SENTINEL_MASTER_NAME = 'ihosi-test';

/**
 * One master (with a password) and one sentinel (with its own password) monitoring it;
 * resolves once the sentinel names the master.
 */
export async function startRedisSentinel(): Promise<RedisTopology> {
  const dir = mkdtempSync(join(tmpdir(), 'ihosi-redis-sentinel-'));
  const taken = new Set<number>();
  const masterPort = await sparePort(taken);
  const master = { port: masterPort, password: 'master-secret', pidFile: join(dir, `redis-${masterPort}.pid`) };
  const sentinel = { port: await sparePort(taken), password: 'sentinel-secret', pidFile: join(dir, 'sentinel.pid') };
  const config = join(dir, 'sentinel.conf');
  try {
    await run(REDIS_SERVER, [...serverArgs(dir, master.port), '--requirepass', master.password, '--masterauth', master.password]);
    // Sentinel rewrites its configuration file, so it gets one of its own.
    writeFileSync(
      config,
      [
        `port ${sentinel.port}`,
        `bind ${HOST}`,
        'daemonize yes',
        `dir ${dir}`,
        `pidfile ${sentinel.pidFile}`,
        `logfile ${join(dir, 'sentinel.log')}`,
        `requirepass ${sentinel.password}`,
        `sentinel monitor ${SENTINEL_MASTER_NAME} ${HOST} ${master.port} 1`,
        `sentinel auth-pass ${SENTINEL_MASTER_NAME} ${master.password}`,
        '',
      ].join('\n'),
    );
    await run(REDIS_SERVER, [config, '--sentinel']);
    await until('the sentinel to name the master', async () => (await cli(sentinel, 'sentinel', 'get-master-addr-by-name', SENTINEL_MASTER_NAME)).includes(String(master.port)));
  } catch (error) {
    await stopAll(dir, [sentinel, master]);
    throw error;
  }
  const sentinels = [{ host: HOST, port: sentinel.port }];
  return {
    connection: { mode: 'sentinel', sentinels, name: SENTINEL_MASTER_NAME, sentinelPassword: sentinel.password, auth: { password: master.password, tls: false } },
    env: {
      REDIS_URL: '',
      REDIS_SENTINELS: `${HOST}:${sentinel.port}`,
      REDIS_SENTINEL_NAME: SENTINEL_MASTER_NAME,
      REDIS_SENTINEL_PASSWORD: sentinel.password,
      REDIS_PASSWORD: master.password,
    },
    stop: () => stopAll(dir, [sentinel, master]),
  };
}
