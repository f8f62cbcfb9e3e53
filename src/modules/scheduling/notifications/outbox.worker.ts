import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { errorSummary, LOGGER } from '../../../common/logging/logger.js';
import { Metrics } from '../../../common/metrics/metrics.js';
import { withJitter } from '../../../common/retry/jitter.js';
import type { AppConfig } from '../../../config/config.js';
import { NotificationPlanner } from './notification-planner.service.js';
import { retryDelaySeconds } from './notification-messages.js';
import { OutboxRepository, type ClaimedMessage } from './outbox.repository.js';

/** A claimed message is someone else's to retry only after this long. */
const LEASE_SECONDS = 120;

/**
 * Sends what the outbox holds, one poll per `tick`: every OUTBOX_POLL_MS on the periodic-task
 * runner (see SchedulingTasks), or tick by tick from tests. Safe with any number of workers
 * and instances. A message failing its NOTIFY_MAX_ATTEMPTS-th attempt becomes a dead letter.
 */
@Injectable()
export class OutboxWorker {
  private readonly settings: AppConfig['scheduling']['outbox'];

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly planner: NotificationPlanner,
    private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.settings = config.scheduling.outbox;
  }

  /**
   * One poll: claims due messages and sends them. Returns how many were delivered. Once
   * `stop` is aborted (the instance is shutting down) no further message is begun: those
   * claimed and not begun are given back, due at once and their attempt uncounted, rather than
   * holding the shutdown for a batch of slow sends or waiting out their lease.
   */
  async tick(stop?: AbortSignal): Promise<number> {
    if (stop?.aborted) return 0;
    const claimed = await this.outbox.claimDue(this.settings.batchSize, LEASE_SECONDS, this.settings.maxAttempts);
    let delivered = 0;
    for (const [index, message] of claimed.entries()) {
      if (stop?.aborted) {
        await this.outbox.unclaim(claimed.slice(index).map((m) => m.id));
        break;
      }
      if (await this.deliver(message)) delivered++;
    }
    return delivered;
  }

  private async deliver(message: ClaimedMessage): Promise<boolean> {
    try {
      const followUps = await this.planner.dispatch(message, this.clock.now());
      await this.outbox.markSent(message.id, followUps);
      return true;
    } catch (error) {
      // Shown to admins as lastError: no SMTP reply's quoted address, no query parameters.
      const text = errorSummary(error).message;
      const delay = withJitter(retryDelaySeconds(message.attempts));
      const givenUp = message.attempts >= this.settings.maxAttempts;
      await this.outbox.markFailed(message.id, text, delay, givenUp);
      this.metrics.notifications.inc({ channel: message.payload.channels ?? 'any', outcome: givenUp ? 'dead' : 'failed' });
      this.logger[givenUp ? 'error' : 'warn']({ outboxId: message.id, kind: message.kind, attempts: message.attempts, retryInSeconds: givenUp ? null : delay }, givenUp ? 'notification given up' : 'notification failed; will retry');
      return false;
    }
  }
}
