import { z } from 'zod';
import type { Env, EnvProblem } from './env.schema.js';

export interface HostPort {
  host: string;
  port: number;
}

/** Credentials and TLS for the nodes reached through sentinels or a cluster (a URL carries its own). */
export interface RedisNodeAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * How the service reaches Redis: one node by URL, a master found through Sentinel (which
 * follows failovers), or a Redis Cluster (keys spread over several masters by hash slot).
 */
export type RedisConnection =
  | { mode: 'single'; url: string }
  | { mode: 'sentinel'; sentinels: HostPort[]; name: string; sentinelPassword?: string; auth: RedisNodeAuth }
  | { mode: 'cluster'; nodes: HostPort[]; auth: RedisNodeAuth };

const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]/,]+)):(\d{1,5})$/;

/** `host:port,host:port` (IPv6 as `[::1]:6379`), at least one. */
export const hostPortList = z.string().transform((value, ctx): HostPort[] => {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const parsed = entries.map((entry) => {
    const match = HOST_PORT.exec(entry);
    const port = Number(match?.[3]);
    return match && port >= 1 && port <= 65_535 ? { host: (match[1] ?? match[2])!, port } : null;
  });
  if (parsed.length === 0 || parsed.some((entry) => entry === null)) {
    ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of host:port, e.g. redis-1:6379,redis-2:6379' });
    return z.NEVER;
  }
  return parsed as HostPort[];
});

/** The variables that each choose a way to reach Redis; at most one may be set. */
function chosenConnections(env: Env): string[] {
  return [
    env.REDIS_URL ? 'REDIS_URL' : env.REDIS_HOST ? 'REDIS_HOST' : null,
    env.REDIS_SENTINELS ? 'REDIS_SENTINELS' : null,
    env.REDIS_CLUSTER_NODES ? 'REDIS_CLUSTER_NODES' : null,
  ].filter((name): name is string => name !== null);
}

export function redisRules(env: Env): EnvProblem[] {
  const problems: EnvProblem[] = [];
  const chosen = chosenConnections(env);
  if (chosen.length > 1) {
    problems.push({
      variable: chosen[1]!,
      message: `cannot be set together with ${chosen[0]}: REDIS_URL (or REDIS_HOST) for one node, REDIS_SENTINELS for Sentinel, REDIS_CLUSTER_NODES for a cluster; set exactly one`,
    });
  }
  if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) {
    problems.push({ variable: 'REDIS_SENTINEL_NAME', message: 'is required with REDIS_SENTINELS (the master group name the sentinels monitor)' });
  }
  if (!env.REDIS_SENTINELS) {
    for (const name of ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD'] as const) {
      if (env[name] !== undefined) problems.push({ variable: name, message: 'is only used with REDIS_SENTINELS' });
    }
  }
  if (!env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES) {
    for (const name of ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'] as const) {
      if (env[name] !== undefined) {
        problems.push({ variable: name, message: 'is only used with REDIS_SENTINELS or REDIS_CLUSTER_NODES; for one node put it in REDIS_URL (rediss://user:password@host:6379)' });
      }
    }
  }
  if (env.REDIS_CLUSTER_NODES && /[{}]/.test(env.REDIS_KEY_PREFIX)) {
    problems.push({
      variable: 'REDIS_KEY_PREFIX',
      message: 'must not contain { or } with REDIS_CLUSTER_NODES: Redis Cluster hashes the part of a key inside braces, so the prefix would decide the slot of every key',
    });
  }
  return problems;
}

/** The connection the variables choose, or null for the in-memory cache. Call after `redisRules`. */
export function redisConnection(env: Env): RedisConnection | null {
  const auth: RedisNodeAuth = { username: env.REDIS_USERNAME, password: env.REDIS_PASSWORD, tls: env.REDIS_TLS ?? false };
  if (env.REDIS_CLUSTER_NODES) return { mode: 'cluster', nodes: env.REDIS_CLUSTER_NODES, auth };
  if (env.REDIS_SENTINELS) {
    return { mode: 'sentinel', sentinels: env.REDIS_SENTINELS, name: env.REDIS_SENTINEL_NAME!, sentinelPassword: env.REDIS_SENTINEL_PASSWORD, auth };
  }
  const url = env.REDIS_URL ?? (env.REDIS_HOST ? `redis://${env.REDIS_HOST}:${env.REDIS_PORT}` : undefined);
  return url ? { mode: 'single', url } : null;
}
