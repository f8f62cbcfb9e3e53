import { Injectable } from '@nestjs/common';
import { SpecialtiesRepository } from './specialties.repository.js';
import { toSpecialtyDto, type SpecialtyDto } from './dto/specialty.outputs.js';

@Injectable()
export class SpecialtiesService {
  constructor(private readonly repository: SpecialtiesRepository) {}

  async list(): Promise<SpecialtyDto[]> {
    return (await this.repository.listAll()).map(toSpecialtyDto);
  }
}
