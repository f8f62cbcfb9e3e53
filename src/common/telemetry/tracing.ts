import { register } from 'node:module';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';

/** Probes and scrapes arrive every few seconds and say nothing about users' requests. */
const UNTRACED_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

export interface Tracing {
  /** Ends the pipeline: spans still buffered are sent (bounded by the exporter's timeout). */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK: spans of incoming HTTP requests and of the `pg` queries and
 * `ioredis` commands made while serving them, batched and sent as OTLP/HTTP JSON.
 *
 * Must run before `node:http`, `pg` and `ioredis` are first imported (main.ts imports the
 * server only afterwards): instrumentation patches a module as it loads. This file is itself
 * imported only when tracing is configured, so without it none of the SDK is loaded.
 *
 * What a span may carry is narrowed for PHI: the query string of a request is replaced, SQL is
 * the parameterised text without values (the default), and a Redis command is its name only
 * (never keys or values, which hold e-mail addresses and cached profiles).
 */
export function startTracing(config: NonNullable<AppConfig['tracing']>, logger: Logger): Tracing {
  // The SDK reports trouble (a collector that refuses or cannot be reached) only through its
  // diagnostic logger, which is silent unless set.
  diag.setLogger(
    {
      error: (message, ...args) => logger.warn({ detail: args.map(String) }, `tracing: ${message}`),
      warn: (message, ...args) => logger.warn({ detail: args.map(String) }, `tracing: ${message}`),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
  // The app is ESM and imports these packages with `import`, which require() hooks do not see
  // (without this, no ioredis span is ever made). Limited to the instrumented modules, so no
  // other module is wrapped.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: ['pg', 'pg-pool', 'ioredis', 'http', 'node:http', 'https', 'node:https'] },
  });

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
  // Sampling follows OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, read by the SDK itself.
  provider.register({ propagator: config.joinCallerTraces ? new W3CTraceContextPropagator() : null });

  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request)),
        startIncomingSpanHook: (request) => (request.url?.includes('?') ? { 'url.query': '[redacted]' } : {}),
        // The service calls out only to SMTP; no outgoing HTTP is worth a span.
        disableOutgoingRequestInstrumentation: true,
      }),
      // Background work (the outbox every second, purges) would start a trace of its own per
      // statement; only what serves a request is traced.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    ],
  });

  return { shutdown: () => provider.shutdown() };
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
