import { Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { toOpenApiSchema, ValidBody, ValidQuery } from '../../common/validation/zod-validation.js';
import { DirectoryService } from './directory.service.js';
import { DoctorIdParam } from '../../common/access/doctor-id.param.js';
import { pageSchema, type Page } from '../../common/pagination/page-query.js';
import { DoctorsService } from './doctors.service.js';
import { doctorCardSchema, doctorSchema, type DoctorCardDto, type DoctorDto } from './dto/doctor.outputs.js';
import * as inputs from './dto/doctor.inputs.js';
import { Viewer } from '../../common/auth/viewer.js';

const doctor = { schema: toOpenApiSchema(doctorSchema, 'output') };

@ApiTags('doctors')
@Controller('api/v1/doctors')
export class DoctorsController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly doctors: DoctorsService,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'A page of verified doctors', schema: toOpenApiSchema(pageSchema(doctorCardSchema), 'output') })
  search(@ValidQuery(inputs.searchQuerySchema) query: inputs.SearchQuery, @Viewer() viewer: Principal | undefined): Promise<Page<DoctorCardDto>> {
    return this.directory.search(query, viewer);
  }

  @Get('me')
  @Roles('doctor')
  @ApiOkResponse({ description: 'The signed-in doctor’s own profile, any verification status', ...doctor })
  me(@CurrentUser() principal: Principal): Promise<DoctorDto> {
    return this.doctors.getMine(principal);
  }

  @Patch('me')
  @Roles('doctor')
  @ApiOkResponse({ description: 'The updated profile', ...doctor })
  updateMe(@CurrentUser() principal: Principal, @ValidBody(inputs.updateDoctorSchema) body: inputs.UpdateDoctorInput): Promise<DoctorDto> {
    return this.doctors.updateMine(principal, body);
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ description: 'A verified doctor (any status for the doctor themself and admins)', ...doctor })
  get(@DoctorIdParam() id: string, @Viewer() viewer: Principal | undefined): Promise<DoctorDto> {
    return this.doctors.get(id, viewer);
  }

}
