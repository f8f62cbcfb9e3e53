import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { createStdoutLogger } from './common/logging/logger.js';
import { ConfigError, loadConfig } from './config/config.js';

/**
 * `npm run start:cluster -- --workers N`: N instances of the service on one machine, sharing
 * the port (node:cluster) and the same PostgreSQL and Redis. The primary only supervises.
 */
async function runPrimary(): Promise<void> {
  const { values } = parseArgs({ options: { workers: { type: 'string', short: 'w' } }, strict: true });
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) fail('--workers must be an integer from 1 to 64');

  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  // Instances agree only through shared state; an embedded database or memory cache is per process.
  if (config.database.kind !== 'postgres') fail('start:cluster needs DATABASE_URL: the embedded database cannot be shared between processes');
  if (config.cache.kind !== 'redis') fail('start:cluster needs Redis (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES): rate limits, lockouts and caches must be shared');

  const logger = await createStdoutLogger(config);
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();
  logger.info({ workers }, 'cluster started');

  const exitOnceAllStopped = () => {
    if (Object.keys(cluster.workers ?? {}).length > 0) return;
    logger.info('cluster stopped');
    process.exit(0);
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return exitOnceAllStopped();
    logger.error({ workerPid: worker.process.pid, code, signal }, 'worker died; starting a replacement');
    // Not once stopping: a replacement started then would never be told to stop, and the
    // primary would wait for it until the platform kills it.
    setTimeout(() => stopping || fork(), 1_000);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping workers: each finishes its in-flight requests');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    // Every worker may already be gone (the last one died and its replacement was not due yet).
    exitOnceAllStopped();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (cluster.isPrimary) {
  await runPrimary();
} else {
  await import('./main.js');
}
