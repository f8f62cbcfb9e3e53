import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { mapDatabaseError } from '../../../common/errors/database-errors.js';
import { Metrics } from '../../../common/metrics/metrics.js';
import type { AppConfig } from '../../../config/config.js';
import { Transactions } from '../../../db/transactions.js';
import type { PlannedSlot } from '../appointments/slot-planner.service.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import type { InstantRange } from '../slots/engine/index.js';
import { SlotCache } from '../slots/slot.cache.js';
import { WaitlistMatcher } from './waitlist-matcher.service.js';
import { WaitlistOfferAnnouncer } from './waitlist-offer-announcer.service.js';
import type { WaitlistEntryView } from './waitlist.repository.js';

type Attempt = 'offered' | 'slot_taken' | 'entry_done';

/**
 * Offers freed slots to the waitlist: for each waiting entry of the doctor, oldest first, the
 * first slot it wants becomes a hold of WAITLIST_OFFER_MINUTES for its patient, with an
 * `waitlist.offer` notification in the outbox and a `waitlist.offered` event (webhooks), in one transaction. The database keeps it to one
 * offer per slot (the holds' exclusion constraint) and one live offer per entry, so several
 * instances offering at once never offer a slot twice.
 */
@Injectable()
export class WaitlistOffers {
  private readonly minutes: number;

  constructor(
    private readonly matcher: WaitlistMatcher,
    private readonly holds: HoldsRepository,
    private readonly transactions: Transactions,
    private readonly announcer: WaitlistOfferAnnouncer,
    private readonly cache: SlotCache,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.minutes = config.scheduling.waitlistOfferMinutes;
  }

  /** Offers what is free of `freed` (or, without it, of the doctor's whole calendar); answers how many offers were made. */
  async offerFreed(doctorId: string, freed?: InstantRange): Promise<number> {
    let made = 0;
    const pass = await this.matcher.pass(doctorId, freed);
    // What this pass offered: later entries look past it without asking the database.
    const taken: InstantRange[] = [];
    for (const wanted of pass?.wanted ?? []) {
      for (const slot of await this.matcher.slotsFor(pass!, wanted, taken)) {
        const attempt = await this.offer(wanted.entry, slot);
        if (attempt === 'slot_taken') continue;
        if (attempt === 'offered') {
          made++;
          taken.push({ start: slot.startAt, end: slot.busyUntil });
        }
        break;
      }
    }
    if (made > 0) await this.cache.bump(doctorId);
    return made;
  }

  private async offer(entry: WaitlistEntryView, slot: PlannedSlot): Promise<Attempt> {
    try {
      await this.transactions.run(async (tx) => {
        const hold = await this.holds.insertOffer(tx, { doctorId: entry.doctorId, patientId: entry.patientId, appointmentTypeId: entry.appointmentTypeId, ...slot }, this.minutes, entry.id);
        await this.announcer.announce(tx, hold, entry.id);
      });
    } catch (error) {
      // Another instance held or booked the slot first: try the entry's next slot.
      if (mapDatabaseError(error)?.code === 'SLOT_TAKEN') return 'slot_taken';
      // Another instance offered this entry a slot first (one live offer per entry), or this one.
      if (isConstraintViolation(error)) return 'entry_done';
      throw error;
    }
    this.metrics.waitlistOffers.inc({ outcome: 'made' });
    return 'offered';
  }
}

/** A unique (23505) or exclusion (23P01) violation anywhere in the error's causes. */
function isConstraintViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '23505' || code === '23P01') return true;
  }
  return false;
}
