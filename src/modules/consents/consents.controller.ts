import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SignedInBeforeTermsAccepted } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidBody } from '../../common/validation/zod-validation.js';
import { ConsentsService } from './consents.service.js';
import { acceptTermsSchema, type AcceptTermsInput } from './dto/consents.inputs.js';
import { consentsSchema, type ConsentsDto } from './dto/consents.outputs.js';

@ApiTags('auth')
@Controller('api/v1/me/consents')
@SignedInBeforeTermsAccepted()
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  @Operation({
    id: 'getMyConsents',
    summary: 'The terms in force and what I have accepted',
    description: 'The terms version in force (`TERMS_VERSION`; null when none), whether the caller has accepted it, and every acceptance, newest first. Open before the terms are accepted.',
    ok: { description: 'The terms in force and the acceptances', schema: consentsSchema },
  })
  list(@CurrentUser() principal: Principal): Promise<ConsentsDto> {
    return this.consents.list(principal);
  }

  @Post()
  @HttpCode(200)
  @Operation({
    id: 'acceptTerms',
    summary: 'Accept the terms in force',
    description: 'Records the acceptance of the terms of use and privacy notice of `termsVersion`, which must be the version in force. Other routes answer again at once; accepting twice keeps the first acceptance.',
    ok: { description: 'The terms in force and the acceptances', schema: consentsSchema },
    errors: ['TERMS_VERSION_MISMATCH'],
  })
  accept(@CurrentUser() principal: Principal, @ValidBody(acceptTermsSchema) body: AcceptTermsInput, @Client() client: ClientContext): Promise<ConsentsDto> {
    return this.consents.accept(principal, body, client);
  }
}
