import { Writable } from 'node:stream';
import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, Response } from 'light-my-request';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig, MEMORY_DATA_DIR, type AppConfig } from '../../src/config/config.js';
import { ensureAppRole, planRoles } from '../../src/db/roles.js';
import { createScratchDatabase, dropRole, onRealPostgres, realRedisUrl, testAsAppRole, uniqueName } from './lanes.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Every log line the app wrote, parsed; tests assert what never appears in them. */
  logs: Record<string, unknown>[];
  /** The database this app uses, so a second instance can share it. */
  databaseUrl?: string;
  request(options: InjectOptions): Promise<Response>;
  /** Listens on an ephemeral loopback port and returns its base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share an existing database instead of creating a scratch one (multi-instance tests). */
  databaseUrl?: string;
  /** Test-only controllers mounted beside the real ones (e.g. to exercise the error filter). */
  controllers?: Type[];
}

/** How a contract suite starts its apps: `startTestApp`, or one pointed at another Redis topology. */
export type BootTestApp = (options?: TestAppOptions) => Promise<TestApp>;

/** `startTestApp` with `env` under every app's own variables (e.g. a Redis Cluster instead of REDIS_URL). */
export function bootWith(env: () => Record<string, string>): BootTestApp {
  return (options = {}) => startTestApp({ ...options, env: { ...env(), ...options.env } });
}

const TEST_SECRETS = {
  JWT_SECRET: 'test-access-secret-0123456789abcdef0123',
  JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdef012',
  /** Fixed, so two app instances in one test (and a restarted one) read each other's rows. */
  DATA_ENCRYPTION_KEYS: 'test:zaDW96MLWeWgMyo7BjbFM+uSbmgSiwEnMhm/Rk7l1Fs=',
};

/** The owner's URL of each database that apps booted here reach as a restricted role (TEST_DATABASE_APP_ROLE). */
const ownerUrlOf = new Map<string, string>();

/**
 * Boots the real application through createApp/configureApp, on PGlite in memory or on a
 * scratch PostgreSQL database and a private Redis key prefix in the real-services lane.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl && onRealPostgres) {
    scratch = await createScratchDatabase();
    databaseUrl = scratch.url;
  }
  let appRole: string | undefined;
  // A second app on the database of one that connects as the restricted role (multi-instance
  // tests) connects as that role too, and migrates (finding nothing to do) as the owner.
  let migrationUrl: string | undefined = databaseUrl ? ownerUrlOf.get(databaseUrl) : undefined;
  if (scratch && testAsAppRole) {
    appRole = uniqueName('ihosi_app');
    const u = new URL(scratch.url);
    u.username = appRole;
    u.password = uniqueName('pw');
    migrationUrl = scratch.url;
    databaseUrl = u.toString();
    ownerUrlOf.set(databaseUrl, migrationUrl);
    // The role must exist to connect; the app then migrates as the owner, and the roles are set
    // again below, after the migrations, as `db:migrate` then `db:roles` would.
    await ensureAppRole(migrationUrl, planRoles(databaseUrl, migrationUrl));
  }

  // NODE_ENV=production in options.env boots the app as production does. Production refuses
  // the embedded database, and the embedded lane has no PostgreSQL server: there the rules
  // are checked against a placeholder URL and the app then runs on PGlite; every other
  // production rule and default applies (test/unit/config.spec.ts covers the refusal itself).
  const production = options.env?.NODE_ENV === 'production';
  const embeddedProduction = production && !databaseUrl;
  const loaded = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: MEMORY_DATA_DIR,
    DATABASE_URL: embeddedProduction ? 'postgres://embedded.invalid/pglite' : databaseUrl,
    ...(migrationUrl ? { DATABASE_MIGRATION_URL: migrationUrl } : {}),
    // Tests drive the notification worker themselves, in production mode too; production
    // without SMTP must say so explicitly (tests that send mail start their own SMTP server).
    ...(production ? { OUTBOX_WORKER_ENABLED: 'false', MAIL_TRANSPORT: 'disabled' } : {}),
    REDIS_URL: realRedisUrl,
    REDIS_KEY_PREFIX: `${uniqueName('test')}:`,
    DB_CONNECT_RETRY_SECONDS: '5',
    // The minimum bcrypt cost (fast); the sign-in, global and booking limits and the
    // future-appointments cap out of the way of tests that are about something else; the
    // tests of those limits set them explicitly.
    BCRYPT_COST: '10',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_BOOKING_PER_MINUTE: '1000000',
    MAX_FUTURE_APPOINTMENTS: '100000',
    // Load shedding off: test code shares the app's event loop and blocks it (PGlite seeding,
    // bcrypt set-ups), which is not the app's overload; the load-shedding tests set the limits.
    LOAD_SHED_EVENT_LOOP_DELAY_MS: '0',
    LOAD_SHED_HEAP_USED_MB: '0',
    ...TEST_SECRETS,
    ...options.env,
  });
  const config: AppConfig = embeddedProduction ? { ...loaded, database: { kind: 'pglite', dataDir: MEMORY_DATA_DIR } } : loaded;

  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger(config, sink);

  const app = await createApp(config, logger, options.controllers?.length ? [extraModule(options.controllers)] : []);
  if (migrationUrl && databaseUrl) await ensureAppRole(migrationUrl, planRoles(databaseUrl, migrationUrl));
  return {
    app,
    config,
    logs,
    databaseUrl,
    request: (injectOptions) => app.inject(injectOptions),
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      if (!address || typeof address === 'string') throw new Error('no TCP address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await app.close();
      await scratch?.drop();
      if (appRole) await dropRole(appRole);
    },
  };
}

function extraModule(controllers: Type[]): DynamicModule {
  @Module({ controllers })
  class TestOnlyModule {}
  return { module: TestOnlyModule };
}
