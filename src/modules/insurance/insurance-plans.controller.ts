import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { insurancePlanListSchema, type InsurancePlanDto } from './dto/insurance-plan.outputs.js';
import { InsurancePlansService } from './insurance-plans.service.js';

@ApiTags('doctors')
@Public()
@Controller('api/v1/insurance-plans')
export class InsurancePlansController {
  constructor(private readonly plans: InsurancePlansService) {}

  @Get()
  @Operation({
    id: 'listInsurancePlans',
    summary: 'The insurance plan catalogue',
    description: 'Every plan (payer + plan) a doctor may accept, by payer then plan. Its `id` is what `insurancePlanIds` on a profile and the `insurancePlan` search filter take.',
    ok: { description: 'The catalogue, managed by admins', schema: insurancePlanListSchema },
  })
  list(): Promise<InsurancePlanDto[]> {
    return this.plans.list();
  }
}
