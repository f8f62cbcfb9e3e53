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
  readonly httpRequests = this.counter('http_requests_total', 'HTTP requests by method, route template and status', ['method', 'route', 'status'] as const);
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Booking attempts by outcome (created, slot_taken, patient_conflict, not_available, replayed, …). */
  readonly bookings = this.counter('bookings_total', 'Booking attempts by outcome', ['outcome'] as const);
  /** Runs of periodic tasks (outbox, refresher, purges) by task name and outcome (ok, failed). */
  readonly periodicTaskRuns = this.counter('periodic_task_runs_total', 'Runs of periodic tasks by task and outcome', ['task', 'outcome'] as const);
  /** Requests refused by load shedding, by the limit that was past (eventLoopDelay, heapUsedBytes). */
  readonly shedRequests = this.counter('load_shed_requests_total', 'Requests answered 503 by load shedding, by the limit that was exceeded', ['reason'] as const);
  /** Notification deliveries by channel (push, sms, email) and outcome (sent, no-address, off, failed). */
  readonly notificationDeliveries = this.counter('notification_deliveries_total', 'Outbox messages handed to a notification channel, by channel and outcome', ['channel', 'outcome'] as const);
  /** Issue 13: waitlist offers by outcome (made, accepted, expired, declined). */
  readonly waitlistOffers = this.counter('waitlist_offers_total', 'Waitlist offers by outcome: made, accepted (booked), expired, declined', ['outcome'] as const);
  /** Issue 14: notification decisions by channel (email, push, sms, any) and outcome (sent, held, skipped, failed, dead, retried). */
  readonly notifications = this.counter('notifications_total', 'Notification decisions by channel and outcome: sent, held (quiet hours), skipped, failed, dead, retried', ['channel', 'outcome'] as const);
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

  /** A counter in this instance's registry: every counter is declared by name, help and labels alone. */
  private counter<Label extends string>(name: string, help: string, labelNames: readonly Label[]): Counter<Label> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
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
