import { Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Operation } from '../../../common/openapi/operation.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { ValidBody, ValidParam } from '../../../common/validation/zod-validation.js';
import { createWaitlistEntrySchema, type CreateWaitlistEntryInput } from './dto/waitlist.inputs.js';
import { waitlistEntryListSchema, waitlistEntrySchema, type WaitlistEntryDto } from './dto/waitlist.outputs.js';
import { WaitlistService } from './waitlist.service.js';

@ApiTags('scheduling')
@Roles('patient')
@Controller('api/v1/waitlist')
export class WaitlistController {
  constructor(private readonly waitlist: WaitlistService) {}

  @Post()
  @Operation({
    id: 'joinWaitlist',
    summary: 'Wait for a slot with a doctor',
    description:
      'When a slot of this type starting in `[from, to)` (and inside one of the local `times` of day, in the doctor’s zone, when given) frees up, the oldest waiting entry is offered it: a hold for `WAITLIST_OFFER_MINUTES`, and an e-mail. At most 5 open entries per patient (422 `TOO_MANY_WAITLIST_ENTRIES`); an entry ends at its `to`.',
    ok: { status: 201, description: 'Waiting', schema: waitlistEntrySchema },
    errors: ['NOT_FOUND', 'TOO_MANY_WAITLIST_ENTRIES'],
  })
  join(@CurrentUser() principal: Principal, @ValidBody(createWaitlistEntrySchema) body: CreateWaitlistEntryInput): Promise<WaitlistEntryDto> {
    return this.waitlist.create(principal, body);
  }

  @Get()
  @Operation({
    id: 'listWaitlist',
    summary: "The caller's open waitlist entries",
    description: 'Oldest first, each with its live `offer` (book it with `bookAppointment` and `holdId`) or `null`.',
    ok: { description: 'Open entries with their live offers', schema: waitlistEntryListSchema },
  })
  list(@CurrentUser() principal: Principal): Promise<WaitlistEntryDto[]> {
    return this.waitlist.list(principal);
  }

  @Delete(':id')
  @Operation({
    id: 'leaveWaitlist',
    summary: 'Leave the waitlist',
    description: 'Ends the entry; its live offer, if any, passes to the next entry. Another patient’s entry is 404.',
    ok: { description: 'Left' },
  })
  leave(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.waitlist.remove(principal, id);
  }

  @Post(':id/decline')
  @Operation({
    id: 'declineWaitlistOffer',
    summary: "Decline an entry's live offer",
    description: 'The offered slot passes to the next entry at once; this entry keeps waiting and is never offered that slot again. Without a live offer nothing changes.',
    ok: { description: 'The entry, without the declined offer', schema: waitlistEntrySchema },
  })
  decline(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<WaitlistEntryDto> {
    return this.waitlist.decline(principal, id);
  }
}
