import { createStdoutLogger } from './common/logging/logger.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';

/*
 * Start-up order matters: tracing patches node:http, pg and ioredis as they load, so it starts
 * before any module that imports them. That is why the server is imported dynamically, last,
 * and why this file imports only configuration and logging statically.
 */
const config = readConfigOrExit();
const logger = await createStdoutLogger(config);
for (const warning of config.warnings) logger.warn(warning);

let tracing = null;
if (config.tracing) {
  const { startTracing } = await import('./common/telemetry/tracing.js');
  tracing = startTracing(config.tracing, logger);
  logger.info({ collector: new URL(config.tracing.tracesUrl).host, serviceName: config.tracing.serviceName }, 'tracing on: spans are sent over OTLP/HTTP');
}

const { serve } = await import('./server.js');
await serve(config, logger, tracing);

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
