import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../../db/database.js';

/** Unmatched URLs share one label so scanners cannot blow up the series count. */
const UNMATCHED_ROUTE = '<unmatched>';

/**
 * One registry per app instance (tests run several in one process). Request metrics are
 * labelled by route template, never by raw URL, so ids do not become label values.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Booking attempts by outcome (created, slot_taken, patient_conflict, not_available, replayed, …). */
  readonly bookings = new Counter({
    name: 'bookings_total',
    help: 'Booking attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Runs of periodic tasks (outbox, refresher, purges) by task name and outcome (ok, failed). */
  readonly periodicTaskRuns = new Counter({
    name: 'periodic_task_runs_total',
    help: 'Runs of periodic tasks by task and outcome',
    labelNames: ['task', 'outcome'] as const,
    registers: [this.registry],
  });
  /** Requests refused by load shedding, by the limit that was past (eventLoopDelay, heapUsedBytes). */
  readonly shedRequests = new Counter({
    name: 'load_shed_requests_total',
    help: 'Requests answered 503 by load shedding, by the limit that was exceeded',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  /** Notification deliveries by channel (email, push, sms) and outcome (sent, failed, dead, skipped, held). */
  readonly notifications = new Counter({
    name: 'notifications_total',
    help: 'Notification deliveries by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  private poolSource: () => PoolStats | null = () => null;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const readPool = () => this.poolSource();
    for (const [name, help, pick] of [
      ['db_pool_connections', 'Open database connections in this instance', (p: PoolStats) => p.total],
      ['db_pool_idle_connections', 'Idle database connections in this instance', (p: PoolStats) => p.idle],
      ['db_pool_waiting_requests', 'Queries waiting for a database connection', (p: PoolStats) => p.waiting],
    ] as const) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        // prom-client calls this with the gauge as `this` at scrape time.
        collect(this: Gauge) {
          const stats = readPool();
          if (stats) this.set(pick(stats));
        },
      });
    }
  }

  /** Where pool gauges read from, once the database is connected. */
  observePool(source: () => PoolStats | null): void {
    this.poolSource = source;
  }

  /** Records every response, including errors and 404s, once it has been sent. */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: String(reply.statusCode),
      };
      this.httpRequests.inc(labels);
      this.httpDuration.observe(labels, reply.elapsedTime / 1000);
    });
  }
}
