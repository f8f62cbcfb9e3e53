import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { notFound } from '../../common/errors/app-error.js';
import { EventBus } from '../../common/events/event-bus.service.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { toInsurancePlanDto, type InsurancePlanDto } from './dto/insurance-plan.outputs.js';
import type { CreateInsurancePlanInput, UpdateInsurancePlanInput } from './dto/insurance-plan.inputs.js';
import { InsurancePlansRepository } from './insurance-plans.repository.js';

/** The catalogue: anyone reads it; admins add, rename and remove plans (each change audited). */
@Injectable()
export class InsurancePlansService {
  constructor(
    private readonly access: AccessService,
    private readonly plans: InsurancePlansRepository,
    private readonly events: EventBus,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<InsurancePlanDto[]> {
    return (await this.plans.list()).map(toInsurancePlanDto);
  }

  async create(admin: Principal, input: CreateInsurancePlanInput, client: ClientContext): Promise<InsurancePlanDto> {
    await this.access.requireAccess(admin, Permission.InsurancePlanManage);
    const row = await this.plans.create(input);
    await this.record(admin, 'insurance_plan.create', row.id, client);
    return toInsurancePlanDto(row);
  }

  async update(admin: Principal, id: string, input: UpdateInsurancePlanInput, client: ClientContext): Promise<InsurancePlanDto> {
    await this.access.requireAccess(admin, Permission.InsurancePlanManage);
    const row = await this.plans.update(id, input);
    if (!row) throw notFound('insurancePlan');
    await this.record(admin, 'insurance_plan.update', id, client);
    // Profiles and cards show the plan's names.
    await this.events.emit('insurancePlans.changed', { planId: id });
    return toInsurancePlanDto(row);
  }

  async remove(admin: Principal, id: string, client: ClientContext): Promise<void> {
    await this.access.requireAccess(admin, Permission.InsurancePlanManage);
    if (!(await this.plans.delete(id))) throw notFound('insurancePlan');
    await this.record(admin, 'insurance_plan.delete', id, client);
    await this.events.emit('insurancePlans.changed', { planId: id });
  }

  private record(admin: Principal, action: string, id: string, client: ClientContext): Promise<void> {
    return this.audit.recordBy(admin, client, { action, resource: { type: 'insurance_plan', id }, outcome: 'success' });
  }
}
