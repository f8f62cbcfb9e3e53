import type { Env } from './env.schema.js';

/**
 * Webhook delivery: `requireHttps` in production; `allowPrivate` lets URLs reach non-public
 * addresses (WEBHOOK_ALLOW_PRIVATE); the worker's poll, batch, parallelism and retention.
 */
export interface WebhooksConfig {
  requireHttps: boolean;
  allowPrivate: boolean;
  timeoutMs: number;
  pollMs: number;
  batchSize: number;
  concurrency: number;
  retentionDays: number;
}

export function webhooksConfig(env: Env): WebhooksConfig {
  return {
    requireHttps: env.NODE_ENV === 'production',
    allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    pollMs: env.WEBHOOK_POLL_MS,
    batchSize: env.WEBHOOK_BATCH_SIZE,
    concurrency: env.WEBHOOK_CONCURRENCY,
    retentionDays: env.WEBHOOK_RETENTION_DAYS,
  };
}
