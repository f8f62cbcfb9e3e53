import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SignedInBeforeTermsAccepted } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { AccountExportService } from './account-export.service.js';
import { accountExportQuerySchema, type AccountExportQuery } from './dto/account-export.inputs.js';
import { accountExportSchema, type AccountExportDto } from './dto/account-export.outputs.js';
import type { CollectionBundle } from './fhir-export.mapping.js';

const MEDIA_TYPE = { json: 'application/json; charset=utf-8', fhir: 'application/fhir+json; charset=utf-8' } as const;

@ApiTags('auth')
@Controller('api/v1/me/export')
export class AccountExportController {
  constructor(private readonly exports: AccountExportService) {}

  @Get()
  // A patient's rights do not wait for the terms: export works before accepting them.
  @SignedInBeforeTermsAccepted()
  @Operation({
    id: 'exportMe',
    summary: 'Everything held about the caller',
    description:
      'The account (with phone and date of birth), a doctor’s own profile, the caller’s appointments as patient (reasons and intake answers), reviews, waitlist entries, devices (without tokens), notification preferences, phone verification, whether a calendar feed exists, and (patients) the access log. `format=fhir` answers a FHIR R4 `collection` Bundle as `application/fhir+json` instead: the caller as Patient (Person for doctors and admins), each Appointment, and a QuestionnaireResponse per appointment with intake answers. Audited as `account.export`; the appointment and access-log reads are audited as those reads are. Limited by `RATE_LIMIT_AUTH_PER_MINUTE`.',
    ok: { description: 'The export (JSON), or with `format=fhir` a FHIR R4 collection Bundle', schema: accountExportSchema },
  })
  async export(
    @CurrentUser() principal: Principal,
    @ValidQuery(accountExportQuerySchema) query: AccountExportQuery,
    @Client() client: ClientContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountExportDto | CollectionBundle> {
    reply.header('content-type', MEDIA_TYPE[query.format]);
    return this.exports.export(principal, query, client);
  }
}
