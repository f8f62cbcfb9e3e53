import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '../../common/auth/policy.js';
import { toOpenApiSchema } from '../../common/validation/zod-validation.js';
import { SpecialtiesService } from './specialties.service.js';
import { specialtySchema, type SpecialtyDto } from './dto/specialty.outputs.js';

@ApiTags('doctors')
@Public()
@Controller('api/v1/specialties')
export class SpecialtiesController {
  constructor(private readonly specialties: SpecialtiesService) {}

  @Get()
  @ApiOkResponse({ description: 'The seeded specialty catalogue', schema: toOpenApiSchema(z.array(specialtySchema), 'output') })
  list(): Promise<SpecialtyDto[]> {
    return this.specialties.list();
  }
}
