import { Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { toOpenApiSchema, ValidBody, ValidQuery } from '../../common/validation/zod-validation.js';
import { DoctorIdParam } from '../../common/access/doctor-id.param.js';
import { pageSchema, type Page } from '../../common/pagination/page-query.js';
import { doctorSchema, type DoctorDto } from './dto/doctor.outputs.js';
import * as inputs from './dto/doctor.inputs.js';
import { VerificationService } from './verification.service.js';

@ApiTags('admin')
@Roles('admin')
@Controller('api/v1/admin/doctors')
export class AdminDoctorsController {
  constructor(private readonly verification: VerificationService) {}

  @Get()
  @ApiOkResponse({ description: 'Doctors with the given status (default pending), oldest first', schema: toOpenApiSchema(pageSchema(doctorSchema), 'output') })
  list(@CurrentUser() admin: Principal, @ValidQuery(inputs.adminListQuerySchema) query: inputs.AdminListQuery): Promise<Page<DoctorDto>> {
    return this.verification.list(admin, query);
  }

  @Patch(':id/verification')
  @ApiOkResponse({ description: 'The doctor after the decision', schema: toOpenApiSchema(doctorSchema, 'output') })
  decide(
    @DoctorIdParam() id: string,
    @ValidBody(inputs.verificationSchema) body: inputs.VerificationInput,
    @CurrentUser() admin: Principal,
    @Client() client: ClientContext,
  ): Promise<DoctorDto> {
    return this.verification.decide(id, body, admin, client);
  }
}
