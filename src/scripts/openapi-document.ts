import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createApp } from '../app.js';
import { createLogger } from '../common/logging/logger.js';
import { loadConfig, MEMORY_DATA_DIR } from '../config/config.js';

/**
 * `npm run openapi:document [-- <file>]`: writes the OpenAPI document the app serves at
 * /docs-json (default `.data/openapi.json`), from the app itself on the embedded database, as
 * the e2e tests start it. The configuration is fixed, not read from the environment, so the
 * document is the same on every machine.
 */
async function run(file: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: MEMORY_DATA_DIR,
    SWAGGER_ENABLED: 'true',
    OUTBOX_WORKER_ENABLED: 'false',
    JWT_SECRET: 'openapi-document-access-secret-0123456789',
    JWT_REFRESH_SECRET: 'openapi-document-refresh-secret-012345678',
  });
  const app = await createApp(config, createLogger(config));
  try {
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
    if (response.statusCode !== 200) throw new Error(`GET /docs-json answered ${response.statusCode}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(response.json(), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

run(process.argv[2] ?? '.data/openapi.json').catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
