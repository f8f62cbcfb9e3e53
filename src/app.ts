import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { registerHttpCaching } from './common/http/caching/http-caching.js';
import { corsOptions } from './common/http/cors.js';
import { ProblemFilter, sendProblem, toAppError } from './common/errors/problem.filter.js';
import { clientRequestIdOf, newRequestId, responseRequestIdOf } from './common/http/request-id.js';
import { LoadState } from './common/http/load-state.js';
import { registerLoadShedding } from './common/http/load-shedding.js';
import { RouteIndex } from './common/http/route-index.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { ShutdownState } from './common/http/shutdown-state.js';
import { RouteCatalog } from './common/http/route-catalog.js';
import { setupSwagger } from './common/http/swagger.js';
import { NestPinoLogger } from './common/logging/logger.js';
import { runWithRequestLogger } from './common/logging/request-logger.js';
import { Metrics } from './common/metrics/metrics.js';
import { RateLimiter } from './common/rate-limit/rate-limit.service.js';
import { captureTraceId, nameRequestSpan } from './common/telemetry/request-trace.js';
import { rememberWrites } from './common/http/read-your-writes.js';
import { ReadRouting } from './db/read-routing.js';
import type { AppConfig } from './config/config.js';
import { registerMultipart } from './common/http/multipart.js';

/** How long a client may take to send one whole request (headers and body); past it, 408 and the connection closes. */
export const REQUEST_TIMEOUT_MS = 300_000;

/** Builds the whole application exactly as production runs it; server.ts and every e2e test use this. */
export async function createApp(config: AppConfig, logger: Logger, extraModules: DynamicModule[] = []): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    genReqId: newRequestId,
    // During shutdown: idle keep-alive sockets close at once, in-flight requests finish.
    forceCloseConnections: 'idle',
    // A request must have arrived whole within this (Node's own default, which Fastify turns
    // off): a body sent a byte at a time cannot hold a socket, or a shutdown, for good. Long
    // enough for a 10 MiB document over a slow mobile link.
    requestTimeout: REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    // Router-level failures (bad URL encoding, over-long path segments) answer before any
    // hook or Nest filter runs; they get the same problem+json as everything else.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('x-request-id', responseRequestIdOf(request));
      sendProblem(request, reply, toAppError(error));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger, extraModules), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  await configureApp(app, config);
  return app;
}

/** Cross-cutting HTTP behaviour: request ids, caching headers, metrics, load shedding, security headers, CORS, errors, OpenAPI. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // JSON is the only body format the API speaks; Fastify's built-in text/plain parser would
  // let a plain-text body reach validation instead of being refused with 415.
  fastify.removeContentTypeParser('text/plain');
  // Request log lines carry the caller's X-Request-Id (if well-formed) beside our own `reqId`,
  // and the trace id when the request is traced (its HTTP span is active here).
  fastify.setChildLoggerFactory((logger, bindings, options, rawRequest) => {
    const clientRequestId = clientRequestIdOf(rawRequest);
    const traceId = captureTraceId(rawRequest);
    return logger.child({ ...bindings, ...(clientRequestId ? { clientRequestId } : {}), ...(traceId ? { traceId } : {}) }, options);
  });
  // The first hook: the rest of the request runs with its logger as the current one, which the
  // injected LOGGER writes through (src/common/logging/request-logger.ts).
  fastify.addHook('onRequest', (request, _reply, done) => {
    nameRequestSpan(request.method, request.routeOptions.url);
    // A child of the pino logger given as loggerInstance; Fastify only types it more narrowly.
    runWithRequestLogger(request.log as Logger, done);
  });
  app.get(RouteCatalog).attach(fastify);
  // Once shutdown starts, responses to requests still in flight close their connection, so
  // keep-alive clients cannot hold the process open past the drain.
  const shutdown = app.get(ShutdownState);
  fastify.addHook('preClose', async () => {
    shutdown.draining = true;
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', responseRequestIdOf(request));
    if (shutdown.draining) void reply.header('connection', 'close');
    return payload;
  });
  registerHttpCaching(fastify);
  app.get(Metrics).instrument(fastify);
  // Before the rate limiter: a shed request costs no token check and no Redis round trip.
  await registerLoadShedding(app, config.loadShedding, app.get(Metrics), app.get(LoadState));
  const routes = new RouteIndex();
  routes.attach(fastify);
  app.get(RateLimiter).register(fastify);
  rememberWrites(fastify, app.get(ReadRouting));

  registerSecurityHeaders(fastify);
  await registerMultipart(app);
  if (config.http.corsOrigin) app.enableCors(corsOptions(config.http.corsOrigin, app.get(RouteCatalog)));
  app.useGlobalFilters(new ProblemFilter(routes));
  if (config.http.swaggerEnabled) setupSwagger(app);
  await app.init();
  await fastify.ready();
}
