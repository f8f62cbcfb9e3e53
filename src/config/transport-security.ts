import type { Env } from './env.schema.js';

/** libpq's `sslmode` values that refuse a plaintext connection. */
const TLS_SSLMODES = new Set(['require', 'verify-ca', 'verify-full']);

/**
 * Production warnings for connections that would carry PHI in the clear (HIPAA 164.312(e)):
 * a PostgreSQL URL to another host that does not ask for TLS, and Redis to another host
 * without it. Warnings, not refusals: a private network that encrypts itself (a service mesh,
 * a VPC with encrypted links) is a legitimate answer the app cannot see.
 */
export function plaintextConnectionWarnings(env: Env): string[] {
  const warnings: string[] = [];
  const databases: [string, string][] = [
    ...(env.DATABASE_URL ? [['DATABASE_URL', env.DATABASE_URL] as [string, string]] : []),
    ...(env.DATABASE_REPLICA_URLS ?? []).map((url) => ['DATABASE_REPLICA_URLS', url] as [string, string]),
  ];
  for (const [name, url] of databases) {
    const parsed = safeUrl(url);
    if (parsed && !isLoopback(parsed.hostname) && !TLS_SSLMODES.has(parsed.searchParams.get('sslmode') ?? '')) {
      warnings.push(`${name} reaches ${parsed.hostname} without TLS (add ?sslmode=verify-full or require): patient data crosses that network in the clear unless the network itself encrypts it`);
    }
  }
  const redis = env.REDIS_URL ? safeUrl(env.REDIS_URL) : null;
  const redisRemote = redis ? !isLoopback(redis.hostname) : Boolean(env.REDIS_SENTINELS ?? env.REDIS_CLUSTER_NODES);
  if (redisRemote && env.REDIS_TLS !== true && redis?.protocol !== 'rediss:') {
    warnings.push('Redis is reached without TLS (use rediss:// or REDIS_TLS=true): cached data and session marks cross that network in the clear unless the network itself encrypts it');
  }
  if (env.SMTP_HOST && !isLoopback(env.SMTP_HOST) && !smtpRequiresTls(env) && env.SMTP_PORT !== 465) {
    warnings.push(`SMTP_REQUIRE_TLS=false: mail to ${env.SMTP_HOST} goes in the clear when the server does not offer STARTTLS, or when someone on the way removes the offer; password-reset links and visit times are in that mail`);
  }
  return warnings;
}

/**
 * SMTP_REQUIRE_TLS, or its default: required in production, where mail carries reset links and
 * visit details, unless the relay is on this machine (loopback); not required elsewhere, so a
 * development Mailhog works as it is.
 */
export function smtpRequiresTls(env: Pick<Env, 'SMTP_REQUIRE_TLS' | 'SMTP_HOST' | 'NODE_ENV'>): boolean {
  return env.SMTP_REQUIRE_TLS ?? (env.NODE_ENV === 'production' && !isLoopback(env.SMTP_HOST ?? ''));
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname) || hostname === '';
}
