import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { SpecialtiesService } from './specialties.service.js';
import { specialtyListSchema, type SpecialtyDto } from './dto/specialty.outputs.js';

@ApiTags('doctors')
@Public()
@Controller('api/v1/specialties')
export class SpecialtiesController {
  constructor(private readonly specialties: SpecialtiesService) {}

  @Get()
  @Operation({
    id: 'listSpecialties',
    summary: 'The specialty catalogue',
    description: 'Every specialty a doctor may name, by `code` (what search filters and profiles use).',
    ok: { description: 'The seeded specialty catalogue', schema: specialtyListSchema },
  })
  list(): Promise<SpecialtyDto[]> {
    return this.specialties.list();
  }
}
