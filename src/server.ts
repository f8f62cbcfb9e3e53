import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { drainAndClose } from './common/http/graceful-shutdown.js';
import type { Tracing } from './common/telemetry/tracing.js';
import type { AppConfig } from './config/config.js';

/** Spans still buffered at exit get this long to reach the collector; shutdown does not wait on it longer. */
const TRACE_FLUSH_MS = 2_000;

/** Builds the app, listens, and exits cleanly on SIGTERM/SIGINT. main.ts calls it after tracing is set up. */
export async function serve(config: AppConfig, logger: Logger, tracing: Tracing | null): Promise<void> {
  let app: NestFastifyApplication;
  try {
    app = await createApp(config, logger);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.fatal({ reason }, 'start-up failed');
    process.stderr.write(`iHosi cannot start: ${reason}\n`);
    process.exit(1);
  }
  exitCleanlyOnSignals(app, config, logger, tracing);
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

/** SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close pools, send the last spans, exit 0. */
function exitCleanlyOnSignals(app: NestFastifyApplication, config: AppConfig, logger: Logger, tracing: Tracing | null): void {
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
      if (tracing) await flushSpans(tracing, logger);
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

async function flushSpans(tracing: Tracing, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TRACE_FLUSH_MS)));
  const outcome = await Promise.race([tracing.shutdown().then(() => 'sent' as const, () => 'failed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome !== 'sent') logger.warn({ outcome }, 'the last spans may not have reached the collector');
}
