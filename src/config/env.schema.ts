import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

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
  REDIS_KEY_PREFIX: z.string().default('ihosi:'),

  JWT_SECRET: z.string().optional(),
  JWT_REFRESH_SECRET: z.string().optional(),

  ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().optional(),

  BODY_LIMIT_BYTES: positiveInt.max(50 * 1024 * 1024).default(102_400),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(300).default(10),
  SWAGGER_ENABLED: bool.default(true),
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
  return problems;
}

/** Rules that hold everywhere but involve more than one variable. */
export function crossFieldRules(env: Env): EnvProblem[] {
  const problems: EnvProblem[] = [];
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    problems.push({ variable: env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together' });
  }
  return problems;
}
