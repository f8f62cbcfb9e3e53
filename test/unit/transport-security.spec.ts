import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a'.repeat(32),
  JWT_REFRESH_SECRET: 'b'.repeat(32),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  MAIL_TRANSPORT: 'disabled',
};
const warnings = (env: Record<string, string>) => loadConfig({ ...production, ...env }).warnings.join('\n');

// HIPAA 164.312(e)(2)(ii): production says so when PHI would cross a network in the clear.
describe('connections without TLS in production', () => {
  it('warns of a PostgreSQL URL (or a replica) to another host that does not ask for TLS', () => {
    expect(warnings({ DATABASE_URL: 'postgres://app@db.internal/ihosi' })).toMatch(/DATABASE_URL reaches db\.internal without TLS/);
    expect(warnings({ DATABASE_URL: 'postgres://app@db.internal/ihosi?sslmode=prefer' })).toMatch(/DATABASE_URL reaches db\.internal without TLS/);
    expect(warnings({ DATABASE_URL: 'postgres://app@db/x?sslmode=require', DATABASE_REPLICA_URLS: 'postgres://app@replica/x' })).toMatch(/DATABASE_REPLICA_URLS reaches replica without TLS/);
  });

  it('is quiet for TLS and for the loopback interface', () => {
    for (const url of ['postgres://app@db/x?sslmode=verify-full', 'postgres://app@db/x?sslmode=require', 'postgres://app@127.0.0.1/x', 'postgres://app@localhost/x']) {
      expect(warnings({ DATABASE_URL: url })).not.toMatch(/without TLS/);
    }
    expect(warnings({ DATABASE_URL: 'postgres://app@db/x?sslmode=require', REDIS_URL: 'rediss://cache:6380' })).not.toMatch(/without TLS/);
    expect(warnings({ DATABASE_URL: 'postgres://app@db/x?sslmode=require', REDIS_URL: 'redis://127.0.0.1:6379' })).not.toMatch(/without TLS/);
  });

  it('warns of Redis on another host without rediss:// or REDIS_TLS, for every topology', () => {
    const db = { DATABASE_URL: 'postgres://app@db/x?sslmode=require' };
    expect(warnings({ ...db, REDIS_URL: 'redis://cache:6379' })).toMatch(/Redis is reached without TLS/);
    expect(warnings({ ...db, REDIS_CLUSTER_NODES: 'a:6379,b:6379' })).toMatch(/Redis is reached without TLS/);
    expect(warnings({ ...db, REDIS_CLUSTER_NODES: 'a:6379,b:6379', REDIS_TLS: 'true' })).not.toMatch(/without TLS/);
  });

  it('says nothing outside production', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://app@db/x', REDIS_URL: 'redis://cache:6379' }).warnings.join('\n')).not.toMatch(/without TLS/);
  });
});
