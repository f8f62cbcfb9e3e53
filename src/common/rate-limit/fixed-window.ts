import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashTag } from '../cache/hash-tags.js';
import { AppError } from '../errors/app-error.js';
import { sendProblem } from '../errors/problem.filter.js';

export const WINDOW_SECONDS = 60;

/** One counted policy: `limit` requests per minute for whoever `key` names. */
export interface Bucket {
  policy: string;
  key: string;
  limit: number;
}

/** A request's count in each bucket's window, in bucket order; null when it could not be counted. */
export type WindowCounts = { count: number; resetInMs: number }[] | null;

/**
 * Counts the request in every bucket (through `count`: the shared cache, so the limits hold
 * across instances, or this instance's memory for the probes), sets the IETF draft
 * `RateLimit-Policy` / `RateLimit` headers, and answers 429 `RATE_LIMITED` with `Retry-After`
 * when a bucket is over its limit. Returns the reply when it answered. A request that could not
 * be counted goes through (the caller has logged why): these limits protect capacity, and the
 * cases that protect data (login lockout, the appointment cap) do not depend on them.
 */
export async function enforceLimits(
  count: (buckets: Bucket[]) => Promise<WindowCounts>,
  request: FastifyRequest,
  reply: FastifyReply,
  buckets: Bucket[],
  detail: (bucket: Bucket, resetSeconds: number) => string,
): Promise<FastifyReply | undefined> {
  const counters = await count(buckets);
  if (!counters) return undefined;

  const policies: string[] = [];
  const states: string[] = [];
  let exceeded: { bucket: Bucket; resetSeconds: number } | undefined;
  buckets.forEach((bucket, i) => {
    const counter = counters[i]!;
    const resetSeconds = Math.max(1, Math.ceil(counter.resetInMs / 1000));
    policies.push(`"${bucket.policy}";q=${bucket.limit};w=${WINDOW_SECONDS}`);
    states.push(`"${bucket.policy}";r=${Math.max(0, bucket.limit - counter.count)};t=${resetSeconds}`);
    if (counter.count > bucket.limit && (!exceeded || resetSeconds > exceeded.resetSeconds)) exceeded = { bucket, resetSeconds };
  });
  void reply.header('ratelimit-policy', policies.join(', '));
  void reply.header('ratelimit', states.join(', '));
  if (!exceeded) return undefined;

  request.log.warn({ policy: exceeded.bucket.policy }, 'rate limit exceeded');
  return sendProblem(
    request,
    reply,
    new AppError('RATE_LIMITED', { detail: detail(exceeded.bucket, exceeded.resetSeconds), headers: { 'retry-after': String(exceeded.resetSeconds) } }),
  );
}

/**
 * Where a caller's counter for one policy lives. A request counts against several of its
 * caller's buckets at once (global and booking), so they share the caller's hash tag: one
 * slot of a Redis Cluster, ready to be counted in one round trip.
 */
export function bucketKey(caller: string, policy: string): string {
  return `rl:${hashTag(caller)}:${policy}`;
}

/** Addresses are hashed so the cache holds no raw IPs; IPv6 is grouped by /64 (one host's range). */
export function addressKey(ip: string): string {
  const normalised = ip.includes(':') ? ipv6Prefix64(ip) : ip;
  return createHash('sha256').update(normalised).digest('base64url').slice(0, 22);
}

function ipv6Prefix64(ip: string): string {
  if (ip.startsWith('::ffff:')) return ip.slice(7);
  const [head = '', tail = ''] = ip.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const full = [...headParts, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailParts];
  return full.slice(0, 4).map((part) => part.toLowerCase().replace(/^0+(?=.)/, '')).join(':');
}
