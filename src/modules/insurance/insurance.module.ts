import { Module } from '@nestjs/common';
import { AdminInsurancePlansController } from './admin-insurance-plans.controller.js';
import { InsurancePlanCatalogue } from './insurance-plan-catalogue.service.js';
import { InsurancePlansController } from './insurance-plans.controller.js';
import { InsurancePlansRepository } from './insurance-plans.repository.js';
import { InsurancePlansService } from './insurance-plans.service.js';

/**
 * The insurance plan catalogue (issue 16): the only writer of insurance_plans. The doctors module
 * asks it whether plan ids exist (InsurancePlanCatalogue) and hears of renames and removals by
 * the event `insurancePlans.changed`.
 */
@Module({
  controllers: [InsurancePlansController, AdminInsurancePlansController],
  providers: [InsurancePlanCatalogue, InsurancePlansRepository, InsurancePlansService],
  exports: [InsurancePlanCatalogue],
})
export class InsuranceModule {}
