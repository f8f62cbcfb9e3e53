import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { insurancePlans } from '../../db/schema/index.js';
import { MAX_CATALOGUE } from './dto/insurance-plan.outputs.js';

export interface InsurancePlanRow {
  id: string;
  payer: string;
  plan: string;
}

const columns = { id: insurancePlans.id, payer: insurancePlans.payer, plan: insurancePlans.plan };

/** The insurance plan catalogue; the only writer of insurance_plans. */
@Injectable()
export class InsurancePlansRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  list(): Promise<InsurancePlanRow[]> {
    return this.database.db.select(columns).from(insurancePlans).orderBy(asc(insurancePlans.payer), asc(insurancePlans.plan), asc(insurancePlans.id)).limit(MAX_CATALOGUE);
  }

  /** Which of `ids` are in the catalogue. */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.select({ id: insurancePlans.id }).from(insurancePlans).where(inArray(insurancePlans.id, [...ids]));
    return new Set(rows.map((r) => r.id));
  }

  async count(): Promise<number> {
    const [row] = await this.database.db.select({ n: sql<number>`count(*)::int` }).from(insurancePlans);
    return Number(row?.n ?? 0);
  }

  /** The unique index insurance_plans_payer_plan_unique (case-insensitive) refuses a duplicate (409, error filter). */
  async create(input: { payer: string; plan: string }): Promise<InsurancePlanRow> {
    const [row] = await this.database.db.insert(insurancePlans).values(input).returning(columns);
    return row!;
  }

  async update(id: string, change: { payer?: string; plan?: string }): Promise<InsurancePlanRow | null> {
    const [row] = await this.database.db
      .update(insurancePlans)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(insurancePlans.id, id))
      .returning(columns);
    return row ?? null;
  }

  /** Removes the plan, and (cascade) every doctor's acceptance of it. */
  async delete(id: string): Promise<boolean> {
    const rows = await this.database.db.delete(insurancePlans).where(eq(insurancePlans.id, id)).returning({ id: insurancePlans.id });
    return rows.length > 0;
  }
}
