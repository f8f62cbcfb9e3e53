import { Inject, Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { errorSummary, LOGGER } from '../../common/logging/logger.js';
import { MAIL, type MailPort } from '../../common/mail/mail.port.js';
import { withJitter } from '../../common/retry/jitter.js';
import type { AppConfig } from '../../config/config.js';
import { WebhookHttpClient } from './delivery/webhook-http-client.js';
import { DISABLE_AFTER_MS, retryDelaySeconds } from './delivery/webhook-retry.js';
import { signedHeaders } from './delivery/webhook-signing.js';
import { WebhookDeliveriesRepository, type ClaimedDelivery } from './webhook-deliveries.repository.js';
import { WebhooksRepository, type SigningTarget } from './webhooks.repository.js';

/** A claimed delivery is someone else's to retry only after this long (well past the attempt's timeout). */
const LEASE_SECONDS = 120;

/**
 * Delivers what the webhooks' outbox holds, one poll per `tick` (every WEBHOOK_POLL_MS on the
 * periodic-task runner, or tick by tick from tests), WEBHOOK_CONCURRENCY attempts at a time.
 * Each attempt is signed afresh (a new `webhook-timestamp`) under the same `webhook-id`.
 */
@Injectable()
export class WebhookDeliveryWorker {
  private readonly settings: AppConfig['webhooks'];

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhooksRepository,
    private readonly http: WebhookHttpClient,
    @Inject(MAIL) private readonly mail: MailPort,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.settings = config.webhooks;
  }

  /**
   * One poll: claims due deliveries and attempts them. Returns how many were delivered. A
   * subscription's URL and secrets are read once per poll; its failure streak ends once per
   * poll that had a success for it. Once `stop` is aborted (the instance is shutting down) no
   * further attempt is begun; those claimed and not begun are given back, due at once and
   * their attempt uncounted.
   */
  async tick(stop?: AbortSignal): Promise<number> {
    if (stop?.aborted) return 0;
    const claimed = await this.deliveries.claimDue(this.settings.batchSize, LEASE_SECONDS);
    const notBegun: string[] = [];
    const targets = new Map<string, Promise<SigningTarget | null>>();
    const targetOf = (id: string) => {
      if (!targets.has(id)) targets.set(id, this.subscriptions.signingTarget(id));
      return targets.get(id)!;
    };
    const limit = pLimit(this.settings.concurrency);
    const results = await Promise.all(
      claimed.map((delivery) =>
        limit(async () => {
          if (stop?.aborted) {
            notBegun.push(delivery.id);
            return null;
          }
          return (await this.attempt(delivery, await targetOf(delivery.subscriptionId))) ? delivery.subscriptionId : null;
        }),
      ),
    );
    await this.deliveries.unclaim(notBegun);
    const succeeded = new Set(results.filter((id): id is string => id !== null));
    for (const id of succeeded) await this.subscriptions.recordSuccess(id);
    return results.filter((id) => id !== null).length;
  }

  private async attempt(delivery: ClaimedDelivery, target: SigningTarget | null): Promise<boolean> {
    if (!target) return false;
    // The receiver checks the timestamp against its own clock: the wall clock, not the app's CLOCK.
    const timestamp = Math.floor(Date.now() / 1000);
    const outcome = await this.http.post(target.url, signedHeaders(target.secrets, delivery.id, timestamp, delivery.body), delivery.body);
    if (outcome.ok) {
      await this.deliveries.markDelivered(delivery.id, outcome.status);
      return true;
    }
    const status = await this.deliveries.markFailed(delivery.id, outcome.status, outcome.error, withJitter(retryDelaySeconds(delivery.attempts)));
    this.logger[status === 'failed' ? 'error' : 'warn'](
      { webhookDeliveryId: delivery.id, subscriptionId: delivery.subscriptionId, event: delivery.event, attempts: delivery.attempts, statusCode: outcome.status, error: outcome.error },
      status === 'failed' ? 'webhook delivery given up' : 'webhook delivery failed; will retry',
    );
    const disabled = await this.subscriptions.recordFailure(delivery.subscriptionId, DISABLE_AFTER_MS / 1000);
    if (disabled) await this.tellOwner(delivery.subscriptionId, disabled);
    return false;
  }

  /** The owner hears once that their subscription was switched off; a mail failure is logged, not retried. */
  private async tellOwner(subscriptionId: string, disabled: { ownerEmail: string; url: string }): Promise<void> {
    this.logger.warn({ subscriptionId }, 'webhook subscription disabled after a day of failed deliveries');
    try {
      await this.mail.send({
        to: disabled.ownerEmail,
        subject: 'Your webhook was disabled',
        text:
          `Deliveries to ${disabled.url} have failed for a day, so the subscription ${subscriptionId} was switched off. ` +
          'Fix the endpoint, then set it active again (PATCH /api/v1/webhooks/{id} with "active": true); the deliveries still pending resume then.',
        secrets: [],
      });
    } catch (error) {
      this.logger.error({ subscriptionId, err: errorSummary(error) }, 'webhook disabled mail not sent');
    }
  }
}
