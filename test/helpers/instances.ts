import { afterAll, beforeAll } from 'vitest';
import { setNow } from './scheduling.js';
import { startTestApp, type TestApp } from './test-app.js';

/** Two application instances on one database; read them inside tests (they start in `beforeAll`). */
export interface TwoInstances {
  readonly first: TestApp;
  readonly second: TestApp;
}

/**
 * Starts two instances for the enclosing `describe` and closes them after it: the second on the
 * first one's database and, as in production, its Redis key prefix (startTestApp picks a new
 * prefix per app), both with the clock at `now`.
 */
export function twoInstancesSharingTheDatabase(now: string): TwoInstances {
  const apps: { first?: TestApp; second?: TestApp } = {};
  beforeAll(async () => {
    const first = await startTestApp();
    apps.first = first;
    const prefix = first.config.cache.kind === 'redis' ? { REDIS_KEY_PREFIX: first.config.cache.keyPrefix } : undefined;
    apps.second = await startTestApp({ databaseUrl: first.databaseUrl, env: prefix });
    setNow(first, now);
    setNow(apps.second, now);
  });
  afterAll(async () => {
    await apps.second?.close();
    await apps.first?.close();
  });
  return {
    get first() {
      return started(apps.first);
    },
    get second() {
      return started(apps.second);
    },
  };
}

function started(app: TestApp | undefined): TestApp {
  if (!app) throw new Error('the two instances start in beforeAll: read them inside a test');
  return app;
}
