import underPressure from '@fastify/under-pressure';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/config.js';
import { AppError } from '../errors/app-error.js';
import { sendProblem } from '../errors/problem.filter.js';
import type { Metrics } from '../metrics/metrics.js';
import type { LoadState } from './load-state.js';

/**
 * Routes answered even under overload: liveness (a busy process is not a dead one, and a
 * restart would throw away the work in hand), readiness (it reports the overload itself, so
 * balancers route elsewhere) and /metrics (it shows the overload to whoever watches).
 */
const NEVER_SHED = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Past the configured event-loop delay or heap (measured by @fastify/under-pressure every
 * sample interval), every other request is answered at once with 503 SERVICE_UNAVAILABLE and
 * `Retry-After`, before the rate limiter, the token check or the body: queueing it would only
 * make every answer late. Registered before the other onRequest hooks, so it runs first.
 */
export async function registerLoadShedding(app: NestFastifyApplication, config: AppConfig['loadShedding'], metrics: Metrics, load: LoadState): Promise<void> {
  if (config.maxEventLoopDelayMs === 0 && config.maxHeapUsedBytes === 0) return;
  const { retryAfterSeconds } = config;
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxHeapUsedBytes: config.maxHeapUsedBytes,
    sampleInterval: config.sampleIntervalMs,
    retryAfter: retryAfterSeconds,
    pressureHandler: async (request, reply, type) => {
      if (NEVER_SHED.has(request.routeOptions.url ?? '')) return;
      metrics.shedRequests.inc({ reason: type });
      // Awaiting the reply waits until it is written, so no later hook or handler runs for it.
      await sendProblem(
        request,
        reply,
        new AppError('SERVICE_UNAVAILABLE', {
          detail: `The server is overloaded; try again in ${retryAfterSeconds} s.`,
          headers: { 'retry-after': String(retryAfterSeconds) },
        }),
      );
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  load.watch(() => fastify.isUnderPressure());
}
