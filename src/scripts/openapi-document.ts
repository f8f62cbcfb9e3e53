import 'reflect-metadata';
import { createApp } from '../app.js';
import { createLogger } from '../common/logging/logger.js';
import { loadConfig, MEMORY_DATA_DIR } from '../config/config.js';

/**
 * `node dist/scripts/openapi-document.js`: prints the OpenAPI document the app serves at
 * `/docs-json`, as JSON on stdout. scripts/client-generate.mjs generates the typed client from
 * it. The app is started in-process on an empty in-memory database with a fixed configuration
 * (never the caller's environment), so the document is the same on every machine; the
 * document is read through the served route itself, not rebuilt beside it.
 */
const FIXED_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATA_DIR: MEMORY_DATA_DIR,
  SWAGGER_ENABLED: 'true',
  // Placeholders: nothing is signed or encrypted while the document is read.
  JWT_SECRET: 'openapi-document-access-secret-0123456789',
  JWT_REFRESH_SECRET: 'openapi-document-refresh-secret-012345678',
  DATA_ENCRYPTION_KEYS: 'doc:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};

async function run(): Promise<void> {
  const config = loadConfig(FIXED_ENV);
  // Log lines go to stderr: stdout carries the document only.
  const app = await createApp(config, createLogger(config, process.stderr));
  try {
    const response = await app.inject({ method: 'GET', url: '/docs-json' });
    if (response.statusCode !== 200) throw new Error(`GET /docs-json answered ${response.statusCode}: ${response.body}`);
    process.stdout.write(`${JSON.stringify(JSON.parse(response.body), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
