import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/** The logger of the request being served (Fastify's `request.log`: `reqId`, `clientRequestId`, `traceId`). */
const requestLogger = new AsyncLocalStorage<Logger>();

/**
 * Runs `serve` with `logger` as the current request's logger. Everything that continues from
 * it — handlers, services, the promises they start, work finished after the response — sees
 * that logger.
 */
export function runWithRequestLogger(logger: Logger, serve: () => void): void {
  requestLogger.run(logger, serve);
}

/**
 * The logger injected as LOGGER: while a request is being served each call goes to that
 * request's logger, so a service's line carries the request id without the service knowing
 * about requests; outside a request (start-up, periodic tasks) it is `root` itself.
 */
export function requestAwareLogger(root: Logger): Logger {
  return new Proxy(root, {
    get(target, property) {
      const current = requestLogger.getStore() ?? target;
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
