import { Controller, Delete, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { uuidParam } from '../../common/validation/uuid.js';
import { ValidBody, ValidParam } from '../../common/validation/zod-validation.js';
import * as inputs from './dto/insurance-plan.inputs.js';
import { insurancePlanSchema, type InsurancePlanDto } from './dto/insurance-plan.outputs.js';
import { InsurancePlansService } from './insurance-plans.service.js';

@ApiTags('admin')
@Roles('admin')
@Controller('api/v1/admin/insurance-plans')
export class AdminInsurancePlansController {
  constructor(private readonly plans: InsurancePlansService) {}

  @Post()
  @Operation({
    id: 'createInsurancePlan',
    summary: 'Add an insurance plan to the catalogue',
    description: 'Payer and plan, unique together (case-insensitive): a second one is 409 `INSURANCE_PLAN_EXISTS`. Audited.',
    ok: { status: 201, description: 'The new plan', schema: insurancePlanSchema },
    errors: ['INSURANCE_PLAN_EXISTS'],
  })
  create(@CurrentUser() admin: Principal, @ValidBody(inputs.createInsurancePlanSchema) body: inputs.CreateInsurancePlanInput, @Client() client: ClientContext): Promise<InsurancePlanDto> {
    return this.plans.create(admin, body, client);
  }

  @Patch(':id')
  @Operation({
    id: 'updateInsurancePlan',
    summary: 'Rename an insurance plan',
    description: 'Doctors who accept the plan keep it; their profiles show the new names. Audited.',
    ok: { description: 'The plan after the change', schema: insurancePlanSchema },
    errors: ['NOT_FOUND', 'INSURANCE_PLAN_EXISTS'],
  })
  update(
    @CurrentUser() admin: Principal,
    @ValidParam('id', uuidParam) id: string,
    @ValidBody(inputs.updateInsurancePlanSchema) body: inputs.UpdateInsurancePlanInput,
    @Client() client: ClientContext,
  ): Promise<InsurancePlanDto> {
    return this.plans.update(admin, id, body, client);
  }

  @Delete(':id')
  @Operation({
    id: 'deleteInsurancePlan',
    summary: 'Remove an insurance plan',
    description: 'Also from every doctor who accepted it. Audited.',
    ok: { description: 'Removed' },
    errors: ['NOT_FOUND'],
  })
  remove(@CurrentUser() admin: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<void> {
    return this.plans.remove(admin, id, client);
  }
}
