import { Inject, Injectable } from '@nestjs/common';
import { asc } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { specialties } from '../../db/schema/index.js';

export type SpecialtyRow = typeof specialties.$inferSelect;

@Injectable()
export class SpecialtiesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  listAll(): Promise<SpecialtyRow[]> {
    return this.database.db.select().from(specialties).orderBy(asc(specialties.name));
  }
}
