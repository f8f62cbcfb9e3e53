import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { drainAndClose } from './common/http/graceful-shutdown.js';
import { createStdoutLogger } from './common/logging/logger.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = await createStdoutLogger(config);
  for (const warning of config.warnings) logger.warn(warning);

  let app: NestFastifyApplication;
  try {
    app = await createApp(config, logger);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.fatal({ reason }, 'start-up failed');
    process.stderr.write(`iHosi cannot start: ${reason}\n`);
    process.exit(1);
  }
  exitCleanlyOnSignals(app, config, logger);
  await app.listen({ port: config.http.port, host: config.http.host });
  logAddress(app, config, logger);
}

/** The address a person can open: a wildcard host is reachable as localhost. */
function logAddress(app: NestFastifyApplication, config: AppConfig, logger: Logger): void {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = ['0.0.0.0', '::', ''].includes(config.http.host) ? 'localhost' : config.http.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const docs = config.http.swaggerEnabled ? `${url}/docs` : undefined;
  logger.info({ url, ...(docs ? { docs } : {}) }, `iHosi is listening: open ${docs ?? url}`);
}

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close pools, exit 0. */
function exitCleanlyOnSignals(app: NestFastifyApplication, config: AppConfig, logger: Logger): void {
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, delayMs: config.http.shutdownDelayMs }, 'shutting down: not ready, then finishing in-flight requests');
    const startDeadline = () => {
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs: config.http.shutdownTimeoutMs }, 'in-flight requests did not finish in time; exiting');
        process.exit(1);
      }, config.http.shutdownTimeoutMs);
      deadline.unref();
    };
    try {
      await drainAndClose(app, config.http.shutdownDelayMs, startDeadline);
      logger.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

await main();
