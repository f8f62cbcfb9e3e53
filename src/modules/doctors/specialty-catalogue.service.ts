import { Injectable } from '@nestjs/common';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { DoctorsRepository } from './doctors.repository.js';

/** The specialty codes (seeded by migrations, so fixed while the process runs), held in memory. */
@Injectable()
export class SpecialtyCatalogue {
  private codes: Promise<Set<string>> | null = null;

  constructor(private readonly doctors: DoctorsRepository) {}

  /** 400 naming each unknown code; `field(i)` says where it was given. */
  async requireKnown(codes: string[], field: (index: number) => string): Promise<void> {
    this.codes ??= this.doctors.specialtyCodes().then((list) => new Set(list));
    const known = await this.codes.catch((error: unknown) => {
      this.codes = null;
      throw error;
    });
    const errors: FieldError[] = codes.flatMap((code, i) => (known.has(code) ? [] : [{ field: field(i), message: `unknown specialty code "${code}"` }]));
    if (errors.length > 0) {
      throw new AppError('VALIDATION_FAILED', { detail: 'Some specialty codes are not in the catalogue (GET /api/v1/specialties).', errors });
    }
  }
}
