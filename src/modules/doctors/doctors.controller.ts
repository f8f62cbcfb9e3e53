import { Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OwnDoctorResource } from '../../common/access/own-doctor-resource.js';
import { Public } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidBody, ValidQuery } from '../../common/validation/zod-validation.js';
import { DirectoryService } from './directory.service.js';
import { DoctorIdParam } from '../../common/access/doctor-id.param.js';
import type { Page } from '../../common/pagination/page-query.js';
import { DoctorsService } from './doctors.service.js';
import { doctorCardPageSchema, doctorSchema, type DoctorCardDto, type DoctorDto } from './dto/doctor.outputs.js';
import * as inputs from './dto/doctor.inputs.js';
import { Viewer } from '../../common/auth/viewer.js';

@ApiTags('doctors')
@Controller('api/v1/doctors')
export class DoctorsController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly doctors: DoctorsService,
  ) {}

  @Get()
  @Public()
  @Operation({
    id: 'searchDoctors',
    summary: 'Search verified doctors',
    description:
      'Free text (`q`, tolerant of small typos) and filters over verified doctors, a page at a time. Default order: relevance when `q` has words, else rating. A `nextCursor` works only with the query that produced it.',
    ok: { description: 'A page of verified doctors', schema: doctorCardPageSchema },
  })
  search(@ValidQuery(inputs.searchQuerySchema) query: inputs.SearchQuery, @Viewer() viewer: Principal | undefined): Promise<Page<DoctorCardDto>> {
    return this.directory.search(query, viewer);
  }

  @Get('me')
  @OwnDoctorResource()
  @Operation({
    id: 'getMyDoctorProfile',
    summary: "The signed-in doctor's own profile",
    description: 'In any verification status, with the licence number, the admin’s note and what changed since the last decision.',
    ok: { description: 'The signed-in doctor’s own profile, any verification status', schema: doctorSchema },
  })
  me(@CurrentUser() principal: Principal): Promise<DoctorDto> {
    return this.doctors.getMine(principal);
  }

  @Patch('me')
  @OwnDoctorResource()
  @Operation({
    id: 'updateMyDoctorProfile',
    summary: "Update the signed-in doctor's profile",
    description: 'Every field optional; a list replaces the stored one. A new licence number, name or set of qualifications sends a decided profile back to `pending`. An invalid field changes nothing.',
    ok: { description: 'The updated profile', schema: doctorSchema },
  })
  updateMe(@CurrentUser() principal: Principal, @ValidBody(inputs.updateDoctorSchema) body: inputs.UpdateDoctorInput): Promise<DoctorDto> {
    return this.doctors.updateMine(principal, body);
  }

  @Get(':id')
  @Public()
  @Operation({
    id: 'getDoctor',
    summary: "A doctor's profile",
    description: 'Verified doctors to anyone; an unverified one only to themself and admins (404 to anyone else). The licence number only to the doctor and admins.',
    ok: { description: 'A verified doctor (any status for the doctor themself and admins)', schema: doctorSchema },
  })
  get(@DoctorIdParam() id: string, @Viewer() viewer: Principal | undefined): Promise<DoctorDto> {
    return this.doctors.get(id, viewer);
  }
}
