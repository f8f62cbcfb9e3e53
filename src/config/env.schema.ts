import { z } from 'zod';
import { parseKeyRing } from '../common/crypto/key-ring.js';
import { bool, port, positiveInt } from './env-values.js';
import { notificationChannelEnv } from './notification-channels.js';
import { publishEnv } from './publish.js';
import { hostPortList, redisRules } from './redis.js';

/** A duration such as `900`, `90s`, `15m`, `12h` or `30d`, converted to seconds. */
const duration = z
  .string()
  .regex(/^\d+\s*[smhd]?$/, 'must be a duration such as 900, 90s, 15m, 12h or 30d')
  .transform((value) => {
    const amount = Number.parseInt(value, 10);
    const unit = value.trim().slice(-1);
    const factor = unit === 'm' ? 60 : unit === 'h' ? 3600 : unit === 'd' ? 86_400 : 1;
    return amount * factor;
  })
  .pipe(z.number().int().positive('must be longer than zero'));

/**
 * The environment the service reads, with the names of the original deployment notes.
 * Every variable is optional unless production says otherwise (see `productionRules`).
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGIN: z.string().optional(),
  TRUST_PROXY: z.string().default('false'),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /**
   * Read replicas of DATABASE_URL, comma-separated postgres URLs: public reads (search,
   * profiles, reviews, slots) run on them in turn; everything that decides runs on the primary.
   */
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a comma-separated list of postgres:// or postgresql:// URLs')))
    .optional(),
  /**
   * The schema owner's URL: migrations (at start-up and `npm run db:migrate`) and `npm run db:roles`
   * connect with it; the app's own queries use DATABASE_URL, which can then name a role without
   * DDL rights. Unset: DATABASE_URL is used for both.
   */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** After a user's write, that user's public reads go to the primary for this long (0: never). */
  REPLICA_READ_AFTER_WRITE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(5),
  DATA_DIR: z.string().min(1).default('./.data'),
  DB_POOL_MAX: positiveInt.max(200).default(10),
  DB_CONNECT_RETRY_SECONDS: z.coerce.number().min(0).max(600).default(30),
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(15_000),

  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_HOST: z.string().min(1).optional(),
  REDIS_PORT: port.default(6379),
  /** Sentinels to ask for the current master of REDIS_SENTINEL_NAME (instead of REDIS_URL). */
  REDIS_SENTINELS: hostPortList.optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  /** Some nodes of a Redis Cluster (instead of REDIS_URL); the others are discovered. */
  REDIS_CLUSTER_NODES: hostPortList.optional(),
  /** For the nodes reached through REDIS_SENTINELS or REDIS_CLUSTER_NODES. */
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_TLS: bool.optional(),
  REDIS_KEY_PREFIX: z.string().default('ihosi:'),

  JWT_SECRET: z.string().optional(),
  JWT_REFRESH_SECRET: z.string().optional(),
  /** The refresh secret before a rotation: refresh tokens stored under it are still found. */
  JWT_REFRESH_SECRET_PREVIOUS: z.string().optional(),
  /** `keyId:base64key,...` (32-byte keys); the first encrypts new PHI values, the rest only decrypt. */
  DATA_ENCRYPTION_KEYS: z
    .string()
    .transform((value, ctx) => {
      const parsed = parseKeyRing(value);
      if (parsed.ok) return parsed.keys;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    })
    .optional(),

  ADMIN_EMAIL: z.email('must be an e-mail address').max(254, 'must be at most 254 characters').optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ACCESS_TOKEN_TTL: duration.default(15 * 60).pipe(z.number().max(24 * 3600, 'must be at most 24h')),
  REFRESH_TOKEN_TTL: duration.default(30 * 86_400).pipe(z.number().max(365 * 86_400, 'must be at most 365d')),
  BCRYPT_COST: z.coerce.number().int().min(10, 'must be at least 10').max(16, 'must be at most 16').default(12),
  LOGIN_LOCKOUT_ATTEMPTS: positiveInt.max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: positiveInt.max(24 * 60).default(15),
  RATE_LIMIT_AUTH_PER_MINUTE: positiveInt.max(1_000_000).default(20),
  /** Per user (or per client address when anonymous), everywhere but /api/v1/auth/* and operations. */
  RATE_LIMIT_PER_MINUTE: positiveInt.max(100_000_000).default(120),
  /** POST /api/v1/appointments per user, on top of the global limit. */
  RATE_LIMIT_BOOKING_PER_MINUTE: positiveInt.max(100_000_000).default(10),
  /** /health/* and /metrics per client address and instance (in memory), far above any probe's rate. */
  RATE_LIMIT_PROBE_PER_MINUTE: positiveInt.max(100_000_000).default(600),
  /** Future confirmed appointments one patient may hold (against slot hoarding). */
  MAX_FUTURE_APPOINTMENTS: positiveInt.max(100_000).default(10),
  /** No-shows within 180 days after which a patient may not book online for 30 days (422 BOOKING_SUSPENDED). */
  NO_SHOW_LIMIT: positiveInt.max(1_000).default(3),
  /** Video visits: the meeting link is this base followed by 128 random bits (a Jitsi-compatible server needs no setup). */
  VIDEO_ROOM_BASE_URL: z.url({ protocol: /^https?$/ }).max(200).default('https://meet.jit.si/'),
  /** Holds and waitlist offers (issue 13): how long a patient's hold, and an offer's hold, live. */
  HOLD_MINUTES: positiveInt.max(60).default(5),
  WAITLIST_OFFER_MINUTES: positiveInt.max(24 * 60).default(15),
  /** Doctor and admin sessions: ended after this long without a refresh, and after this long in all. */
  STAFF_SESSION_IDLE_MINUTES: positiveInt.max(7 * 24 * 60).default(60),
  STAFF_SESSION_MAX_HOURS: positiveInt.max(365 * 24).default(12),
  /** Patient sessions: ended after this many days without a refresh (HIPAA automatic logoff). Then: years a deleted account's appointments are kept, pseudonymised (DELETE /api/v1/me). */
  PATIENT_SESSION_IDLE_DAYS: positiveInt.max(365).default(30),
  TERMS_VERSION: z.string().max(64).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional(), // terms users must accept; unset: none
  RECORD_RETENTION_YEARS: positiveInt.max(100).default(10),
  PASSWORD_RESET_TTL: duration.default(30 * 60).pipe(z.number().max(24 * 3600, 'must be at most 24h')),
  /**
   * How e-mail leaves: `smtp` (needs SMTP_HOST), `development` (nothing sent; logged in full only under NODE_ENV=development)
   * or `disabled` (dropped, only counted). Unset: `smtp` when SMTP_HOST is set, else `development`, which production refuses.
   */
  MAIL_TRANSPORT: z.enum(['smtp', 'development', 'disabled']).optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_REQUIRE_TLS: bool.optional(), // TLS with a verified certificate or no send; default: smtpRequiresTls()
  SMTP_FROM: z.string().min(3).default('iHosi <no-reply@ihosi.local>'),
  PUBLIC_APP_URL: z.url('must be an absolute URL').default('http://localhost:3000'),

  BODY_LIMIT_BYTES: positiveInt.max(50 * 1024 * 1024).default(102_400),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(300).default(10),
  /** After SIGTERM, keep accepting (reporting not ready) this long so load balancers stop routing first. */
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(60).default(1),
  /**
   * Load shedding: past either limit, requests are refused with 503 and Retry-After instead of
   * queueing (liveness, readiness and /metrics still answer). 0 turns a limit off. The delay is
   * the mean event-loop delay over one sample; the heap limit defaults to 90 % of V8's.
   */
  LOAD_SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  LOAD_SHED_HEAP_USED_MB: z.coerce.number().int().min(0).max(1_048_576).optional(),
  LOAD_SHED_RETRY_AFTER_SECONDS: positiveInt.max(3_600).default(5),
  /** How often the process measures its event-loop delay and heap; a state lasts at least this long. */
  LOAD_SHED_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Swagger UI and the OpenAPI document; default on outside production, off in production. */
  SWAGGER_ENABLED: bool.optional(),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`, in every environment. */
  METRICS_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .regex(/^[A-Za-z0-9._~+/=-]+$/, 'must be a bearer token (letters, digits and . _ ~ + / = - only)')
    .optional(),
  /** /metrics without a token; default on outside production, off in production. */
  METRICS_PUBLIC: bool.optional(),

  /**
   * The periodic tasks of this instance (the notification worker, the next-available refresher,
   * the purges); off by default under NODE_ENV=test so tests drive them themselves.
   */
  OUTBOX_WORKER_ENABLED: bool.optional(),
  OUTBOX_POLL_MS: positiveInt.min(50).max(600_000).default(1_000),
  OUTBOX_BATCH_SIZE: positiveInt.max(1_000).default(20),
  OUTBOX_MAX_ATTEMPTS: positiveInt.max(100).default(10),
  /** Attempts before a notification becomes a dead letter (admins see and retry it); wins over OUTBOX_MAX_ATTEMPTS. */
  NOTIFY_MAX_ATTEMPTS: positiveInt.max(100).optional(),
  /** The API's public base URL, which calendar feed links start with. */
  PUBLIC_API_URL: z.url('must be an absolute URL').default('http://localhost:3000'),
  /** Delivered notifications are deleted this many days after they were sent. */
  OUTBOX_RETENTION_DAYS: positiveInt.max(3_650).default(30),
  /** Rows one purge statement deletes at most (several statements per run while there is more). */
  PURGE_BATCH_SIZE: positiveInt.max(100_000).default(1_000),
  /** How long a slots response may be served from the cache; 0 turns slot caching off. */
  SLOTS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),

  /** Webhooks: deliver to loopback, private and link-local addresses too (tests, closed networks). */
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** Webhooks: how long one delivery attempt may take, answer included. */
  WEBHOOK_TIMEOUT_MS: positiveInt.min(100).max(60_000).default(10_000),
  WEBHOOK_POLL_MS: positiveInt.min(50).max(600_000).default(1_000),
  /** Webhooks: deliveries one poll claims, and how many of them are in flight at once. */
  WEBHOOK_BATCH_SIZE: positiveInt.max(1_000).default(50),
  WEBHOOK_CONCURRENCY: positiveInt.max(100).default(8),
  /** Webhooks: delivered deliveries are deleted this many days after delivery. */
  WEBHOOK_RETENTION_DAYS: positiveInt.max(3_650).default(30),

  /**
   * Tracing: set, spans of HTTP requests, PostgreSQL queries and Redis commands go to
   * `<endpoint>/v1/traces` as OTLP/HTTP (JSON). Unset, nothing of the tracing SDK is loaded.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as http://collector:4318' }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('ihosi'),
  /**
   * `none` (default): every request starts its own trace, so a caller on the internet cannot
   * choose the trace id our logs carry or switch sampling off; `tracecontext`: a request joins
   * the trace of its W3C `traceparent` header (only behind a gateway that sets it itself).
   */
  OTEL_PROPAGATORS: z.enum(['none', 'tracecontext']).default('none'),

  /** Push and SMS providers' credentials (notification-channels.ts); SMART Scheduling Links (publish.ts). */
  ...notificationChannelEnv,
  ...publishEnv,
  /**
   * Uploaded files (doctor photos, verification documents). S3_BUCKET set: an S3-compatible
   * service (S3_ENDPOINT for MinIO/R2, unset for AWS); unset: files under DATA_DIR/uploads.
   */
  S3_BUCKET: z.string().min(3).max(63).regex(/^[a-z0-9][a-z0-9.-]+$/, 'must be an S3 bucket name').optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as http://minio:9000' }).optional(),
  S3_REGION: z.string().min(1).max(64).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most self-hosted services need. */
  S3_FORCE_PATH_STYLE: bool.optional(),
  S3_KEY_PREFIX: z.string().max(64).regex(/^([a-z0-9][a-z0-9_.-]*\/)*$/, 'must be empty or end with / (lower-case path segments)').default(''),
});

export type Env = z.infer<typeof envSchema>;

/** A problem with one variable, reported as `NAME: what is wrong`. */
export interface EnvProblem {
  variable: string;
  message: string;
}

/** Rules that hold only in production: no embedded database, no weak or generated secrets. */
export function productionRules(env: Env): EnvProblem[] {
  const problems: EnvProblem[] = [];
  if (env.NODE_ENV !== 'production') return problems;
  if (!env.DATABASE_URL) {
    problems.push({ variable: 'DATABASE_URL', message: 'is required in production (the embedded database is for development)' });
  }
  for (const name of ['JWT_SECRET', 'JWT_REFRESH_SECRET'] as const) {
    const value = env[name];
    if (!value || value.length < 32) {
      problems.push({ variable: name, message: 'must be at least 32 characters in production' });
    }
  }
  if (env.JWT_SECRET && env.JWT_SECRET === env.JWT_REFRESH_SECRET) {
    problems.push({ variable: 'JWT_REFRESH_SECRET', message: 'must differ from JWT_SECRET' });
  }
  const previous = env.JWT_REFRESH_SECRET_PREVIOUS;
  if (previous !== undefined && previous.length < 32) {
    problems.push({ variable: 'JWT_REFRESH_SECRET_PREVIOUS', message: 'must be at least 32 characters in production' });
  }
  if (previous !== undefined && previous === env.JWT_SECRET) {
    problems.push({ variable: 'JWT_REFRESH_SECRET_PREVIOUS', message: 'must differ from JWT_SECRET' });
  }
  if (!env.DATA_ENCRYPTION_KEYS) {
    problems.push({ variable: 'DATA_ENCRYPTION_KEYS', message: 'is required in production (keyId:base64 of 32 random bytes; it encrypts patient data at rest)' });
  }
  if (env.MAIL_TRANSPORT === 'development') {
    problems.push({ variable: 'MAIL_TRANSPORT', message: 'cannot be development in production (set SMTP_HOST, or MAIL_TRANSPORT=disabled to run without e-mail)' });
  } else if (!env.MAIL_TRANSPORT && !env.SMTP_HOST) {
    problems.push({
      variable: 'MAIL_TRANSPORT',
      message: 'is required in production without SMTP_HOST: set SMTP_HOST to send e-mail, or MAIL_TRANSPORT=disabled to run without it (reset and appointment mails are then dropped)',
    });
  }
  return problems;
}

/** The mail transport the variables choose (see MAIL_TRANSPORT). */
export function mailTransport(env: Pick<Env, 'MAIL_TRANSPORT' | 'SMTP_HOST'>): NonNullable<Env['MAIL_TRANSPORT']> {
  return env.MAIL_TRANSPORT ?? (env.SMTP_HOST ? 'smtp' : 'development');
}

/** Rules that hold everywhere but involve more than one variable. */
export function crossFieldRules(env: Env): EnvProblem[] {
  const problems: EnvProblem[] = [];
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push({ variable: env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together' });
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    problems.push({ variable: env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together' });
  }
  if (!env.S3_BUCKET && (env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID)) {
    problems.push({ variable: 'S3_BUCKET', message: 'must be set when S3_ENDPOINT or S3 credentials are (else uploads would silently stay on the local disk)' });
  }
  if (env.METRICS_TOKEN && env.METRICS_PUBLIC === true) {
    problems.push({ variable: 'METRICS_PUBLIC', message: 'must not be true when METRICS_TOKEN is set (choose one)' });
  }
  if (env.DATABASE_MIGRATION_URL && !env.DATABASE_URL) {
    problems.push({ variable: 'DATABASE_MIGRATION_URL', message: 'needs DATABASE_URL (the embedded database has one role)' });
  }
  if (env.DATABASE_REPLICA_URLS?.length && !env.DATABASE_URL) {
    problems.push({ variable: 'DATABASE_REPLICA_URLS', message: 'needs DATABASE_URL (the embedded database has no replicas)' });
  }
  if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_HOST) {
    problems.push({ variable: 'SMTP_HOST', message: 'is required when MAIL_TRANSPORT=smtp' });
  }
  problems.push(...redisRules(env));
  return problems;
}
