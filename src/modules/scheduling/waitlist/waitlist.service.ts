import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { AppError, invalidFields, notFound } from '../../../common/errors/app-error.js';
import { Metrics } from '../../../common/metrics/metrics.js';
import { Transactions } from '../../../db/transactions.js';
import { SlotsService } from '../slots/slots.service.js';
import type { CreateWaitlistEntryInput } from './dto/waitlist.inputs.js';
import { MAX_OPEN_WAITLIST_ENTRIES, toWaitlistEntryDto, type WaitlistEntryDto } from './dto/waitlist.outputs.js';
import { WaitlistOffers } from './waitlist-offers.service.js';
import { WaitlistRepository, type EndedOffer } from './waitlist.repository.js';

/** A patient's own waitlist entries; offers are made by WaitlistOffers. */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly waitlist: WaitlistRepository,
    private readonly offers: WaitlistOffers,
    private readonly slots: SlotsService,
    private readonly transactions: Transactions,
    private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** 201; 404 for a doctor or type that cannot be booked, 422 past the five open entries. */
  async create(principal: Principal, input: CreateWaitlistEntryInput): Promise<WaitlistEntryDto> {
    if (input.to.getTime() <= this.clock.now().getTime()) throw invalidFields([{ field: 'to', message: 'must be in the future' }]);
    // The same 404s as booking: a public doctor and an active type of theirs.
    await this.slots.bookable(input.doctorId, input.appointmentTypeId, input.from);
    const entry = { patientId: principal.userId, doctorId: input.doctorId, appointmentTypeId: input.appointmentTypeId, fromAt: input.from, toAt: input.to, times: input.times ?? [] };
    const row = await this.transactions.run((tx) => this.waitlist.insertCapped(tx, entry, MAX_OPEN_WAITLIST_ENTRIES));
    if (!row) throw new AppError('TOO_MANY_WAITLIST_ENTRIES', { detail: `At most ${MAX_OPEN_WAITLIST_ENTRIES} open waitlist entries; delete one first.` });
    return toWaitlistEntryDto({ ...row, offer: null });
  }

  async list(principal: Principal): Promise<WaitlistEntryDto[]> {
    return (await this.waitlist.listOpen(principal.userId)).map(toWaitlistEntryDto);
  }

  /** Ends the entry; a live offer it had passes to the next entry. 404 when the caller has no such open entry. */
  async remove(principal: Principal, id: string): Promise<void> {
    const { ended, offer } = await this.waitlist.end(id, principal.userId);
    if (!ended) throw notFound('waitlistEntry');
    await this.passOn(offer);
  }

  /** Declines the entry's live offer (if any), which passes to the next entry; the entry keeps waiting. */
  async decline(principal: Principal, id: string): Promise<WaitlistEntryDto> {
    if (!(await this.waitlist.findOpen(id, principal.userId))) throw notFound('waitlistEntry');
    await this.passOn(await this.waitlist.decline(id));
    const entry = await this.waitlist.findOpen(id, principal.userId);
    if (!entry) throw notFound('waitlistEntry');
    return toWaitlistEntryDto(entry);
  }

  private async passOn(offer: EndedOffer | null): Promise<void> {
    if (!offer) return;
    this.metrics.waitlistOffers.inc({ outcome: 'declined' });
    await this.offers.offerFreed(offer.doctorId, offer.range);
  }
}
