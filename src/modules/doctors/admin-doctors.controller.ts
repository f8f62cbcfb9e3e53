import { Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidBody, ValidQuery } from '../../common/validation/zod-validation.js';
import { DoctorIdParam } from '../../common/access/doctor-id.param.js';
import type { Page } from '../../common/pagination/page-query.js';
import { doctorPageSchema, doctorSchema, type DoctorDto } from './dto/doctor.outputs.js';
import * as inputs from './dto/doctor.inputs.js';
import { VerificationService } from './verification.service.js';

@ApiTags('admin')
@Roles('admin')
@Controller('api/v1/admin/doctors')
export class AdminDoctorsController {
  constructor(private readonly verification: VerificationService) {}

  @Get()
  @Operation({
    id: 'listDoctorsForVerification',
    summary: 'Doctors by verification status',
    description: 'The verification queue: doctors with the given status (default `pending`), oldest first.',
    ok: { description: 'Doctors with the given status (default pending), oldest first', schema: doctorPageSchema },
  })
  list(@CurrentUser() admin: Principal, @ValidQuery(inputs.adminListQuerySchema) query: inputs.AdminListQuery): Promise<Page<DoctorDto>> {
    return this.verification.list(admin, query);
  }

  @Patch(':id/verification')
  @Operation({
    id: 'decideDoctorVerification',
    summary: 'Verify or reject a doctor',
    description:
      'With `licenseNumber`, the decision holds only if the profile still has the licence the admin reviewed (else 409 `PROFILE_CHANGED` and nothing is decided).',
    ok: { description: 'The doctor after the decision', schema: doctorSchema },
    errors: ['PROFILE_CHANGED'],
  })
  decide(
    @DoctorIdParam() id: string,
    @ValidBody(inputs.verificationSchema) body: inputs.VerificationInput,
    @CurrentUser() admin: Principal,
    @Client() client: ClientContext,
  ): Promise<DoctorDto> {
    return this.verification.decide(id, body, admin, client);
  }
}
