import { Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { pageQuerySchema, type Page, type PageQuery } from '../../common/pagination/page-query.js';
import { uuidParam } from '../../common/validation/uuid.js';
import { ValidBody, ValidParam, ValidQuery } from '../../common/validation/zod-validation.js';
import { BreakGlassService } from './break-glass.service.js';
import * as inputs from './dto/break-glass.inputs.js';
import { breakGlassGrantPageSchema, breakGlassGrantSchema, patientRecordsSchema, type BreakGlassGrantDto, type PatientRecordsDto } from './dto/break-glass.outputs.js';

@ApiTags('admin')
@Controller('api/v1/admin/break-glass')
@Roles('admin')
export class BreakGlassController {
  constructor(private readonly breakGlass: BreakGlassService) {}

  @Post()
  @Operation({
    id: 'requestBreakGlass',
    summary: "Emergency access to one patient's records",
    description: 'A 30-minute grant, with a reason of at least 20 characters. The grant and every read under it are audited with the reason, the patient sees them in their access log, and every other admin is e-mailed at once.',
    ok: { status: 201, description: 'The grant; read the records at GET /api/v1/admin/break-glass/{id}/records while it lasts', schema: breakGlassGrantSchema },
    errors: ['NOT_FOUND'],
  })
  request(@CurrentUser() admin: Principal, @ValidBody(inputs.breakGlassRequestSchema) body: inputs.BreakGlassRequestInput, @Client() client: ClientContext): Promise<BreakGlassGrantDto> {
    return this.breakGlass.request(admin, body, client);
  }

  @Get()
  @Operation({
    id: 'listBreakGlassGrants',
    summary: 'Every emergency-access grant, for review',
    description: 'Newest first: who, which patient, why, when and until when. Reading the list is audited.',
    ok: { description: 'Grants, newest first', schema: breakGlassGrantPageSchema },
  })
  list(@CurrentUser() admin: Principal, @ValidQuery(pageQuerySchema) query: PageQuery, @Client() client: ClientContext): Promise<Page<BreakGlassGrantDto>> {
    return this.breakGlass.list(admin, query, client);
  }

  @Get(':id/records')
  @Operation({
    id: 'readBreakGlassRecords',
    summary: "The patient's records under a live grant of the caller's",
    description: "The patient's account (with phone and date of birth) and their newest 200 appointments with reasons. Only the admin who holds the grant, only while it lasts: otherwise 404. Each read is audited with the grant's reason.",
    ok: { description: "The patient's records", schema: patientRecordsSchema },
  })
  records(@CurrentUser() admin: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<PatientRecordsDto> {
    return this.breakGlass.records(admin, id, client);
  }
}
