import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../../../common/metrics/metrics.js';
import { PeriodicTaskRunner } from '../../../common/periodic/periodic-task.runner.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import { WaitlistOffers } from './waitlist-offers.service.js';
import { WaitlistRepository } from './waitlist.repository.js';

export const WAITLIST_EXPIRY_TASK = 'scheduling.waitlist-expired-offers';
export const HOLDS_PURGE_TASK = 'scheduling.purge-holds';
const EXPIRY_POLL_MS = 10_000;
const BATCH = 50;

/**
 * Passes on offers that ran out. Not needed for correctness of the slot (an expired hold
 * blocks nobody), only so the next entry hears of it: each expired offer is claimed by one
 * instance (SKIP LOCKED), counted, and its slot offered to the next entry.
 */
@Injectable()
export class WaitlistTasks implements OnModuleInit {
  constructor(
    private readonly runner: PeriodicTaskRunner,
    private readonly waitlist: WaitlistRepository,
    private readonly offers: WaitlistOffers,
    private readonly metrics: Metrics,
    private readonly holds: HoldsRepository,
  ) {}

  onModuleInit(): void {
    this.runner.register({ name: WAITLIST_EXPIRY_TASK, intervalMs: EXPIRY_POLL_MS, run: (signal) => this.passOnExpired(signal) });
    // So neither table only grows: spent holds and ended entries, a day after they stopped mattering.
    this.runner.registerPurge(HOLDS_PURGE_TASK, async (limit) => ({ holds: await this.holds.purgeSpent(limit), waitlistEntries: await this.waitlist.purgeEnded(limit) }));
  }

  /** One run: answers how many expired offers were passed on. */
  async passOnExpired(signal?: AbortSignal): Promise<number> {
    let passed = 0;
    for (;;) {
      const expired = await this.waitlist.claimExpiredOffers(BATCH);
      for (const offer of expired) {
        this.metrics.waitlistOffers.inc({ outcome: 'expired' });
        await this.offers.offerFreed(offer.doctorId, offer.range);
        passed++;
      }
      if (expired.length < BATCH || signal?.aborted) return passed;
    }
  }
}
