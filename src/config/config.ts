import { getHeapStatistics } from 'node:v8';
import { crossFieldRules, envSchema, mailTransport, productionRules, type Env, type EnvProblem } from './env.schema.js';
import { notificationChannelRules, notificationChannelsConfig, type NotificationChannelsConfig } from './notification-channels.js';
import type { DataKey } from '../common/crypto/key-ring.js';
import { ensureDevDataKey, ensureDevSecrets } from './dev-secrets.js';
import { redisConnection, type RedisConnection } from './redis.js';
import { storageConfig, type StorageConfig } from './storage.js';
import { parseCorsOrigin, parseTrustProxy, type CorsOrigin, type TrustProxy } from './http-origins.js';
import { productionWarnings } from './production-warnings.js';
import { smtpRequiresTls } from './transport-security.js';
import { webhooksConfig, type WebhooksConfig } from './webhooks.js';
import { publishConfig, type PublishConfig } from './publish.js';

export const MEMORY_DATA_DIR = 'memory://';

export interface AppConfig {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    corsOrigin: CorsOrigin;
    /** false, true (any hop), a hop count, or addresses/CIDRs of trusted proxies. */
    trustProxy: TrustProxy;
    shutdownTimeoutMs: number;
    shutdownDelayMs: number;
    swaggerEnabled: boolean;
  };
  /**
   * Past either limit (0: off) requests are answered 503 with `Retry-After: retryAfterSeconds`
   * and readiness is 503; measured every `sampleIntervalMs`.
   */
  loadShedding: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number; retryAfterSeconds: number; sampleIntervalMs: number };
  log: { level: Env['LOG_LEVEL'] };
  database:
    | {
        kind: 'postgres';
        url: string;
        /** The schema owner's URL, for migrations (DATABASE_MIGRATION_URL); `url` when unset. */
        migrationUrl?: string;
        /** Read replicas of `url` (DATABASE_REPLICA_URLS); empty: every read runs on the primary. */
        replicaUrls: string[];
        /** How long after a write a user's public reads stay on the primary (read-your-writes). */
        readAfterWriteSeconds: number;
        poolMax: number;
        connectRetryMs: number;
        statementTimeoutMs: number;
      }
    | { kind: 'pglite'; dataDir: string };
  cache: { kind: 'redis'; connection: RedisConnection; keyPrefix: string } | { kind: 'memory' };
  /**
   * `refreshSecret` keys the HMAC under which refresh tokens are stored; tokens stored under
   * `previousRefreshSecret` (a rotation's overlap) are still found.
   */
  jwt: { accessSecret: string; refreshSecret: string; previousRefreshSecret: string | null };
  admin: { email: string; password: string } | null;
  auth: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    bcryptCost: number;
    lockout: { attempts: number; windowSeconds: number };
    rateLimitPerMinute: number;
    passwordResetTtlSeconds: number;
    /** Doctor and admin sessions; patients' sessions last `refreshTokenTtlSeconds`. */
    staffSession: { idleSeconds: number; maxSeconds: number };
    patientSessionIdleSeconds: number;
    termsVersion: string | null; // TERMS_VERSION, the terms every user must have accepted; null: nothing gated
    /** How long a deleted account's appointments are kept (pseudonymised) for the doctor's records: `retain_until` on each. */
    recordRetentionYears: number;
    /** JWT `iss` and `aud`; fixed, so tokens of another deployment's service are refused. */
    issuer: string;
    audience: string;
  };
  mail: {
    /** smtp: sent; development: not sent (logged in full only in development); disabled: dropped and counted. */
    transport: 'smtp' | 'development' | 'disabled';
    /** `requireTls`: a connection that cannot be encrypted is refused (the mail is retried), never sent in the clear. */
    smtp: { host: string; port: number; user?: string; password?: string; requireTls: boolean } | null;
    from: string;
    /** Where the app's pages live; the password-reset link points there. */
    publicAppUrl: string;
  };
  /** The API's public base URL (PUBLIC_API_URL), for links: private calendar feeds, every FHIR link. */
  api: { publicUrl: string };
  publish: PublishConfig;
  scheduling: {
    /** `retentionDays`: how long a delivered message is kept before the purge deletes it. */
    outbox: { pollMs: number; batchSize: number; maxAttempts: number; retentionDays: number };
    slotsCacheSeconds: number;
    maxFutureAppointments: number;
    noShowLimit: number;
    videoRoomBaseUrl: string;
    /** Holds and the waitlist (issue 13): minutes a hold and a waitlist offer live. */
    holdMinutes: number;
    waitlistOfferMinutes: number;
  };
  /** The periodic-task runner (outbox, refreshers, purges): on in this instance?; rows per purge statement. */
  tasks: { enabled: boolean; purgeBatchSize: number };
  /** Push (FCM, APNs, Web Push) and SMS providers; null = that provider is off. */
  notifications: NotificationChannelsConfig;
  /** Webhook delivery (see WebhooksConfig). */
  webhooks: WebhooksConfig;
  /** The global per-user limit and booking's tighter one (the auth limit is in `auth`). */
  rateLimit: { perMinute: number; bookingPerMinute: number; probePerMinute: number };
  /** Who may read /metrics: anyone, a bearer token, or nobody (404: production without METRICS_TOKEN/METRICS_PUBLIC). */
  metrics: { access: 'public' } | { access: 'token'; token: string } | { access: 'closed' };
  /** PHI column encryption; the first key encrypts new values, all of them decrypt. */
  encryption: { keys: DataKey[] };
  /**
   * OpenTelemetry traces, or null when OTEL_EXPORTER_OTLP_ENDPOINT is unset. `tracesUrl` is the
   * endpoint's `/v1/traces`; `joinCallerTraces`: continue a caller's W3C `traceparent`.
   */
  tracing: { tracesUrl: string; serviceName: string; joinCallerTraces: boolean } | null;
  /** Uploaded files (see StorageConfig). */
  storage: StorageConfig;
  /** Things worth saying once at start-up (generated secrets, single-instance cache). */
  warnings: string[];
}

/** Raised for any bad variable; `message` is one line naming the variable and the problem. */
export class ConfigError extends Error {
  constructor(readonly problems: EnvProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Empty strings count as unset, as in most .env tooling. */
export function loadConfig(source: Record<string, string | undefined>): AppConfig {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: lowerFirst(issue.message) })),
    );
  }
  const env = parsed.data;
  const problems = [...crossFieldRules(env), ...productionRules(env), ...notificationChannelRules(env)];
  if (problems.length > 0) throw new ConfigError(problems);
  return buildConfig(env);
}

function buildConfig(env: Env): AppConfig {
  const warnings: string[] = [];
  const dataDir = env.DATA_DIR;

  let { JWT_SECRET: accessSecret, JWT_REFRESH_SECRET: refreshSecret } = env;
  if (!accessSecret || !refreshSecret) {
    const generated = ensureDevSecrets(dataDir === MEMORY_DATA_DIR ? null : dataDir);
    accessSecret ??= generated.accessSecret;
    refreshSecret ??= generated.refreshSecret;
    warnings.push(`JWT secrets not set: using generated development secrets${generated.path ? ` stored in ${generated.path}` : ' held in memory'}; set JWT_SECRET and JWT_REFRESH_SECRET outside development`);
  }

  let dataKeys = env.DATA_ENCRYPTION_KEYS;
  if (!dataKeys) {
    const generated = ensureDevDataKey(dataDir === MEMORY_DATA_DIR ? null : dataDir);
    dataKeys = [generated.key];
    warnings.push(`DATA_ENCRYPTION_KEYS not set: patient data is encrypted under a generated development key${generated.path ? ` stored in ${generated.path}` : ' held in memory (data written now is unreadable after a restart)'}; set DATA_ENCRYPTION_KEYS outside development`);
  }

  const redis = redisConnection(env);
  const transport = mailTransport(env);
  if (transport === 'development') {
    warnings.push(`e-mail is not sent (development mail transport${env.SMTP_HOST ? '' : ': SMTP_HOST not set'}); ${env.NODE_ENV === 'development' ? 'each message is logged in full' : 'only the fact that a message was not sent is logged'}`);
  } else if (transport === 'disabled') {
    warnings.push('MAIL_TRANSPORT=disabled: e-mail (password resets, appointment notices) is dropped; only counts are logged');
  }
  if (!redis) {
    warnings.push('no Redis configured (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES): using the in-memory cache, which is single-instance only (rate limits and caches are not shared)');
  }
  if (env.NODE_ENV === 'production') warnings.push(...productionWarnings(env));
  const metrics = metricsAccess(env);
  if (metrics.access === 'closed' && env.NODE_ENV === 'production' && env.METRICS_PUBLIC === undefined) {
    warnings.push('METRICS_TOKEN not set in production: /metrics answers 404; set METRICS_TOKEN (and give Prometheus the same bearer token), or METRICS_PUBLIC=true if the network already keeps /metrics private');
  }

  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      corsOrigin: parseCorsOrigin(env.CORS_ORIGIN),
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000,
      shutdownDelayMs: env.SHUTDOWN_DELAY_SECONDS * 1000,
      swaggerEnabled: env.SWAGGER_ENABLED ?? env.NODE_ENV !== 'production',
    },
    loadShedding: {
      maxEventLoopDelayMs: env.LOAD_SHED_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: env.LOAD_SHED_HEAP_USED_MB === undefined ? defaultHeapLimitBytes() : env.LOAD_SHED_HEAP_USED_MB * 1024 * 1024,
      retryAfterSeconds: env.LOAD_SHED_RETRY_AFTER_SECONDS,
      sampleIntervalMs: env.LOAD_SHED_SAMPLE_INTERVAL_MS,
    },
    log: { level: env.LOG_LEVEL },
    database: env.DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.DATABASE_URL,
          migrationUrl: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
          replicaUrls: env.DATABASE_REPLICA_URLS ?? [],
          readAfterWriteSeconds: env.REPLICA_READ_AFTER_WRITE_SECONDS,
          poolMax: env.DB_POOL_MAX,
          connectRetryMs: env.DB_CONNECT_RETRY_SECONDS * 1000,
          statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir },
    cache: redis ? { kind: 'redis', connection: redis, keyPrefix: env.REDIS_KEY_PREFIX } : { kind: 'memory' },
    jwt: { accessSecret, refreshSecret, previousRefreshSecret: env.JWT_REFRESH_SECRET_PREVIOUS ?? null },
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : null,
    auth: {
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL,
      bcryptCost: env.BCRYPT_COST,
      lockout: { attempts: env.LOGIN_LOCKOUT_ATTEMPTS, windowSeconds: env.LOGIN_LOCKOUT_MINUTES * 60 },
      rateLimitPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
      passwordResetTtlSeconds: env.PASSWORD_RESET_TTL,
      staffSession: { idleSeconds: env.STAFF_SESSION_IDLE_MINUTES * 60, maxSeconds: env.STAFF_SESSION_MAX_HOURS * 3600 },
      patientSessionIdleSeconds: env.PATIENT_SESSION_IDLE_DAYS * 86_400,
      termsVersion: env.TERMS_VERSION ?? null,
      recordRetentionYears: env.RECORD_RETENTION_YEARS,
      issuer: 'ihosi',
      audience: 'ihosi-api',
    },
    mail: {
      transport,
      smtp: transport === 'smtp' && env.SMTP_HOST ? { host: env.SMTP_HOST, port: env.SMTP_PORT, user: env.SMTP_USER, password: env.SMTP_PASSWORD, requireTls: smtpRequiresTls(env) } : null,
      from: env.SMTP_FROM,
      publicAppUrl: env.PUBLIC_APP_URL.replace(/\/+$/, ''),
    },
    api: { publicUrl: env.PUBLIC_API_URL.replace(/\/+$/, '') },
    publish: publishConfig(env),
    scheduling: {
      outbox: {
        pollMs: env.OUTBOX_POLL_MS,
        batchSize: env.OUTBOX_BATCH_SIZE,
        maxAttempts: env.NOTIFY_MAX_ATTEMPTS ?? env.OUTBOX_MAX_ATTEMPTS,
        retentionDays: env.OUTBOX_RETENTION_DAYS,
      },
      slotsCacheSeconds: env.SLOTS_CACHE_SECONDS,
      maxFutureAppointments: env.MAX_FUTURE_APPOINTMENTS,
      noShowLimit: env.NO_SHOW_LIMIT,
      videoRoomBaseUrl: env.VIDEO_ROOM_BASE_URL.endsWith('/') ? env.VIDEO_ROOM_BASE_URL : `${env.VIDEO_ROOM_BASE_URL}/`,
      holdMinutes: env.HOLD_MINUTES,
      waitlistOfferMinutes: env.WAITLIST_OFFER_MINUTES,
    },
    tasks: { enabled: env.OUTBOX_WORKER_ENABLED ?? env.NODE_ENV !== 'test', purgeBatchSize: env.PURGE_BATCH_SIZE },
    notifications: notificationChannelsConfig(env, warnings),
    webhooks: webhooksConfig(env),
    rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, bookingPerMinute: env.RATE_LIMIT_BOOKING_PER_MINUTE, probePerMinute: env.RATE_LIMIT_PROBE_PER_MINUTE },
    metrics,
    encryption: { keys: dataKeys },
    tracing: env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          tracesUrl: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`,
          serviceName: env.OTEL_SERVICE_NAME,
          joinCallerTraces: env.OTEL_PROPAGATORS === 'tracecontext',
        }
      : null,
    storage: storageConfig(env, dataDir === MEMORY_DATA_DIR ? null : dataDir),
    warnings,
  };
}

/**
 * 90 % of the heap V8 may grow to (`--max-old-space-size`, or its default for the machine's
 * memory): close to it, garbage collection runs nearly all the time and the process is about
 * to die of "heap out of memory"; refusing new work first gives it room to finish the rest.
 */
function defaultHeapLimitBytes(): number {
  return Math.floor(getHeapStatistics().heap_size_limit * 0.9);
}

/** Outside production /metrics is open unless a token is set; in production it needs one, or METRICS_PUBLIC=true. */
function metricsAccess(env: Env): AppConfig['metrics'] {
  if (env.METRICS_TOKEN) return { access: 'token', token: env.METRICS_TOKEN };
  const open = env.METRICS_PUBLIC ?? env.NODE_ENV !== 'production';
  return open ? { access: 'public' } : { access: 'closed' };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
