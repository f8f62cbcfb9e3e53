import { Injectable } from '@nestjs/common';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { InsurancePlansRepository } from './insurance-plans.repository.js';

/** What other modules ask of the catalogue: are these plan ids in it? (Admins change it at any time, so no copy is held.) */
@Injectable()
export class InsurancePlanCatalogue {
  constructor(private readonly plans: InsurancePlansRepository) {}

  /** 400 naming each unknown id; `field(i)` says where it was given. */
  async requireKnown(ids: readonly string[], field: (index: number) => string): Promise<void> {
    const known = await this.plans.existing(ids.map((id) => id.toLowerCase()));
    const errors: FieldError[] = ids.flatMap((id, i) => (known.has(id.toLowerCase()) ? [] : [{ field: field(i), message: `unknown insurance plan "${id}"` }]));
    if (errors.length > 0) {
      throw new AppError('VALIDATION_FAILED', { detail: 'Some insurance plans are not in the catalogue (GET /api/v1/insurance-plans).', errors });
    }
  }
}
