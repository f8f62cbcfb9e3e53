import type { IncomingMessage } from 'node:http';
import { trace, TraceFlags } from '@opentelemetry/api';

/**
 * The trace a request belongs to, read once when its logger is made (the HTTP span is active
 * then) and kept beside the raw request, so its log lines and its problem body carry the same
 * id. Only the OpenTelemetry API is used here: without the SDK (tracing off) there is no
 * active span and every call is a cheap no-op.
 */
const traceIds = new WeakMap<IncomingMessage, string>();

/** Records the active span's trace id for `request` and returns it; undefined when not traced. */
export function captureTraceId(request: IncomingMessage): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, traceFlags } = span.spanContext();
  // A trace that is not sampled is never exported: an id pointing at nothing would mislead.
  if ((traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
  traceIds.set(request, traceId);
  return traceId;
}

/** The trace id recorded for `request`, if it is traced. */
export function traceIdOf(request: IncomingMessage): string | undefined {
  return traceIds.get(request);
}

/** Names the request's HTTP span by its route template (`GET /api/v1/doctors/:id`), as trace views group by it. */
export function nameRequestSpan(method: string, routeTemplate: string | undefined): void {
  if (!routeTemplate) return;
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute('http.route', routeTemplate);
  span.updateName(`${method} ${routeTemplate}`);
}
