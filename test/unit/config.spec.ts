import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_ENV, problemsOf } from '../helpers/config.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../src/config/config.js';

const strongSecrets = { JWT_SECRET: 'a'.repeat(32), JWT_REFRESH_SECRET: 'b'.repeat(32) };


describe('configuration', () => {
  it('has working defaults for a machine with nothing installed', () => {
    const config = loadConfig({ DATA_DIR: MEMORY_DATA_DIR });
    expect(config.http.port).toBe(3000);
    expect(config.http.bodyLimitBytes).toBe(102_400);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: MEMORY_DATA_DIR });
    expect(config.cache).toEqual({ kind: 'memory' });
    expect(config.http.corsOrigin).toBe(false);
    expect(config.warnings.join(' ')).toMatch(/single-instance/);
  });

  it('names the variable and the problem in one line', () => {
    expect(problemsOf({ PORT: 'eighty' })).toMatch(/^Invalid configuration: PORT /);
    expect(problemsOf({ PORT: '70000' })).toMatch(/PORT/);
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL/);
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toMatch(/DATABASE_URL must be a postgres/);
    expect(problemsOf({ REDIS_URL: 'http://x' })).toMatch(/REDIS_URL/);
    expect(problemsOf({ BODY_LIMIT_BYTES: '-1' })).toMatch(/BODY_LIMIT_BYTES/);
    expect(problemsOf({ NODE_ENV: 'staging' })).toMatch(/NODE_ENV/);
  });

  it('treats empty values as unset, as .env files write them', () => {
    const config = loadConfig({ DATA_DIR: MEMORY_DATA_DIR, DATABASE_URL: '', REDIS_URL: '', PORT: '' });
    expect(config.database.kind).toBe('pglite');
    expect(config.http.port).toBe(3000);
  });

  it('refuses production without DATABASE_URL', () => {
    expect(problemsOf({ NODE_ENV: 'production', ...strongSecrets })).toMatch(/DATABASE_URL is required in production/);
  });

  it('refuses production JWT secrets shorter than 32 characters, or missing, or equal', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' };
    expect(problemsOf({ ...base, JWT_SECRET: 'short', JWT_REFRESH_SECRET: 'b'.repeat(32) })).toMatch(/JWT_SECRET must be at least 32/);
    expect(problemsOf({ ...base, JWT_SECRET: 'a'.repeat(32) })).toMatch(/JWT_REFRESH_SECRET must be at least 32/);
    expect(problemsOf({ ...base, JWT_SECRET: 'a'.repeat(32), JWT_REFRESH_SECRET: 'a'.repeat(32) })).toMatch(/JWT_REFRESH_SECRET must differ/);
    const ok = loadConfig({ ...base, ...strongSecrets, DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, SMTP_HOST: 'smtp.example' });
    expect(ok.isProduction).toBe(true);
    expect(ok.warnings.join(' ')).not.toMatch(/generated/);
  });

  it('reads JWT_REFRESH_SECRET_PREVIOUS (rotation overlap), held in production to the rules of JWT_REFRESH_SECRET', () => {
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, ...strongSecrets }).jwt.previousRefreshSecret).toBeNull();
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, ...strongSecrets, JWT_REFRESH_SECRET_PREVIOUS: 'c'.repeat(32) }).jwt.previousRefreshSecret).toBe('c'.repeat(32));
    const production = PRODUCTION_ENV;
    expect(problemsOf({ ...production, JWT_REFRESH_SECRET_PREVIOUS: 'short' })).toMatch(/JWT_REFRESH_SECRET_PREVIOUS must be at least 32/);
    expect(problemsOf({ ...production, JWT_REFRESH_SECRET_PREVIOUS: strongSecrets.JWT_SECRET })).toMatch(/JWT_REFRESH_SECRET_PREVIOUS must differ from JWT_SECRET/);
    expect(loadConfig({ ...production, JWT_REFRESH_SECRET_PREVIOUS: 'c'.repeat(32) }).jwt.previousRefreshSecret).toBe('c'.repeat(32));
  });

  it('generates development secrets once, keeps them in DATA_DIR and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ihosi-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwt.accessSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.jwt.accessSecret).not.toBe(first.jwt.refreshSecret);
    expect(second.jwt).toEqual(first.jwt);
    expect(first.warnings.join(' ')).toMatch(/generated development secrets stored in .*dev-secrets\.json/);
    const file = join(dir, 'dev-secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ accessSecret: first.jwt.accessSecret });
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('builds the Redis URL from the deployment notes REDIS_HOST and REDIS_PORT', () => {
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, REDIS_HOST: 'cache', REDIS_PORT: '6380' }).cache).toMatchObject({ kind: 'redis', connection: { mode: 'single', url: 'redis://cache:6380' } });
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, REDIS_URL: 'redis://r:1', REDIS_HOST: 'ignored' }).cache).toMatchObject({ connection: { mode: 'single', url: 'redis://r:1' } });
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'admin@ihosi.example' })).toMatch(/ADMIN_PASSWORD/);
    expect(problemsOf({ ADMIN_PASSWORD: 'x'.repeat(12) })).toMatch(/ADMIN_EMAIL/);
    expect(problemsOf({ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'x' })).toMatch(/ADMIN_EMAIL must be an e-mail/);
  });

  it('parses CORS_ORIGIN and TRUST_PROXY', () => {
    const base = { DATA_DIR: MEMORY_DATA_DIR };
    expect(loadConfig({ ...base, CORS_ORIGIN: '*' }).http.corsOrigin).toBe('*');
    expect(loadConfig({ ...base, CORS_ORIGIN: 'https://a.example, https://b.example' }).http.corsOrigin).toEqual(['https://a.example', 'https://b.example']);
    expect(loadConfig({ ...base }).http.trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).http.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    const hops = loadConfig({ ...base, TRUST_PROXY: '1' }).http.trustProxy as (a: string, hop: number) => boolean;
    expect([hops('x', 0), hops('x', 1)]).toEqual([true, false]);
  });

  it('serves Swagger and open /metrics by default in development and test, neither in production', () => {
    const production = PRODUCTION_ENV;
    for (const NODE_ENV of ['development', 'test']) {
      const config = loadConfig({ DATA_DIR: MEMORY_DATA_DIR, NODE_ENV });
      expect(config.http.swaggerEnabled, NODE_ENV).toBe(true);
      expect(config.metrics, NODE_ENV).toEqual({ access: 'public' });
    }
    const closed = loadConfig(production);
    expect(closed.http.swaggerEnabled).toBe(false);
    expect(closed.metrics).toEqual({ access: 'closed' });
    expect(closed.warnings.join(' ')).toMatch(/METRICS_TOKEN not set in production/);
    expect(loadConfig({ ...production, SWAGGER_ENABLED: 'true', METRICS_PUBLIC: 'true' })).toMatchObject({ http: { swaggerEnabled: true }, metrics: { access: 'public' } });
    const token = 'm'.repeat(40);
    expect(loadConfig({ ...production, METRICS_TOKEN: token }).metrics).toEqual({ access: 'token', token });
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, METRICS_TOKEN: token }).metrics).toEqual({ access: 'token', token });
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, SWAGGER_ENABLED: 'false', METRICS_PUBLIC: 'false' })).toMatchObject({ http: { swaggerEnabled: false }, metrics: { access: 'closed' } });
  });

  it('refuses a METRICS_TOKEN that is short or not a bearer token, and METRICS_PUBLIC=true beside one', () => {
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toMatch(/METRICS_TOKEN must be at least 32 characters/);
    expect(problemsOf({ METRICS_TOKEN: `${'m'.repeat(32)} x` })).toMatch(/METRICS_TOKEN must be a bearer token/);
    expect(problemsOf({ METRICS_TOKEN: 'm'.repeat(32), METRICS_PUBLIC: 'true' })).toMatch(/METRICS_PUBLIC must not be true when METRICS_TOKEN is set/);
  });

  it('turns tracing on only with OTEL_EXPORTER_OTLP_ENDPOINT, sending to its /v1/traces, and joins callers\' traces only when told', () => {
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR }).tracing).toBeNull();
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'ihosi',
      joinCallerTraces: false,
    });
    const joined = loadConfig({ DATA_DIR: MEMORY_DATA_DIR, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/otlp', OTEL_SERVICE_NAME: 'ihosi-eu', OTEL_PROPAGATORS: 'tracecontext' });
    expect(joined.tracing).toEqual({ tracesUrl: 'https://otel.example/otlp/v1/traces', serviceName: 'ihosi-eu', joinCallerTraces: true });
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http\(s\) URL/);
    expect(problemsOf({ OTEL_PROPAGATORS: 'b3' })).toMatch(/OTEL_PROPAGATORS/);
  });

  it('sheds load past 1 s of event-loop delay or 90 % of the V8 heap by default; 0 turns a limit off', () => {
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR }).loadShedding).toEqual({
      maxEventLoopDelayMs: 1_000,
      maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.9),
      retryAfterSeconds: 5,
      sampleIntervalMs: 1_000,
    });
    const set = { LOAD_SHED_EVENT_LOOP_DELAY_MS: '0', LOAD_SHED_HEAP_USED_MB: '512', LOAD_SHED_RETRY_AFTER_SECONDS: '30', LOAD_SHED_SAMPLE_INTERVAL_MS: '250' };
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, ...set }).loadShedding).toEqual({ maxEventLoopDelayMs: 0, maxHeapUsedBytes: 512 * 1024 * 1024, retryAfterSeconds: 30, sampleIntervalMs: 250 });
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, LOAD_SHED_HEAP_USED_MB: '0' }).loadShedding.maxHeapUsedBytes).toBe(0);
    expect(problemsOf({ LOAD_SHED_EVENT_LOOP_DELAY_MS: '-1' })).toMatch(/LOAD_SHED_EVENT_LOOP_DELAY_MS/);
    expect(problemsOf({ LOAD_SHED_HEAP_USED_MB: 'lots' })).toMatch(/LOAD_SHED_HEAP_USED_MB/);
    expect(problemsOf({ LOAD_SHED_RETRY_AFTER_SECONDS: '0' })).toMatch(/LOAD_SHED_RETRY_AFTER_SECONDS/);
    // Below the delay monitor's 10 ms resolution a sample would say nothing.
    expect(problemsOf({ LOAD_SHED_SAMPLE_INTERVAL_MS: '5' })).toMatch(/LOAD_SHED_SAMPLE_INTERVAL_MS/);
  });

  it('never puts the database password in an error message', () => {
    const message = problemsOf({ DATABASE_URL: 'postgres://user:hunter2@db/x', NODE_ENV: 'production', JWT_SECRET: 'short' });
    expect(message).not.toContain('hunter2');
  });

  it('reads DATABASE_REPLICA_URLS as a list beside DATABASE_URL, with a read-your-writes window of 5 s unless told', () => {
    const config = loadConfig({ DATA_DIR: MEMORY_DATA_DIR, DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'postgres://r1/x, postgresql://r2:5433/x,' });
    expect(config.database).toMatchObject({ kind: 'postgres', replicaUrls: ['postgres://r1/x', 'postgresql://r2:5433/x'], readAfterWriteSeconds: 5 });
    const alone = loadConfig({ DATA_DIR: MEMORY_DATA_DIR, DATABASE_URL: 'postgres://primary/x', REPLICA_READ_AFTER_WRITE_SECONDS: '0' });
    expect(alone.database).toMatchObject({ replicaUrls: [], readAfterWriteSeconds: 0 });
  });

  it('refuses replicas without DATABASE_URL, a replica URL that is not postgres, and a negative window, naming no password', () => {
    expect(problemsOf({ DATABASE_REPLICA_URLS: 'postgres://r1/x' })).toMatch(/DATABASE_REPLICA_URLS needs DATABASE_URL/);
    const message = problemsOf({ DATABASE_URL: 'postgres://primary/x', DATABASE_REPLICA_URLS: 'postgres://r1/x,mysql://user:hunter2@r2/x' });
    expect(message).toMatch(/DATABASE_REPLICA_URLS must be a comma-separated list of postgres/);
    expect(message).not.toContain('hunter2');
    expect(problemsOf({ DATABASE_URL: 'postgres://primary/x', REPLICA_READ_AFTER_WRITE_SECONDS: '-1' })).toMatch(/REPLICA_READ_AFTER_WRITE_SECONDS/);
  });
});
