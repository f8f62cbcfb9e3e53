import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { CursorCodec, digestOf } from '../../common/pagination/cursor-codec.service.js';
import type { Page } from '../../common/pagination/page-query.js';
import { paginate } from '../../common/pagination/paginate.js';
import { ReadRouting } from '../../db/read-routing.js';
import { DirectoryCache, SEARCH_TTL_SECONDS } from './directory.cache.js';
import { DoctorSearchRepository, sortKeyCount } from './doctor-search.repository.js';
import { toDoctorCardDto, type DoctorCardDto } from './dto/doctor.outputs.js';
import { DEFAULT_RADIUS_KM, type SearchQuery } from './dto/doctor.inputs.js';
import { InsurancePlanCatalogue } from '../insurance/insurance-plan-catalogue.service.js';
import { resolveSort, searchTokens } from './search-terms.js';
import { SpecialtyCatalogue } from './specialty-catalogue.service.js';

/** The public doctor directory: search, filters, sorts, keyset pages; cached per generation. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly repository: DoctorSearchRepository,
    private readonly cache: DirectoryCache,
    private readonly cursors: CursorCodec,
    private readonly catalogue: SpecialtyCatalogue,
    private readonly reads: ReadRouting,
    private readonly plans: InsurancePlanCatalogue,
  ) {}

  /** `viewer`: the signed-in caller, whose own recent writes the page must show (ReadRouting). */
  async search(query: SearchQuery, viewer: Principal | undefined): Promise<Page<DoctorCardDto>> {
    if (query.specialty) await this.catalogue.requireKnown([query.specialty], () => 'specialty');
    const tokens = searchTokens(query.q);
    const sort = resolveSort(query.sort, tokens, query.near !== undefined);
    if (query.insurancePlan) await this.plans.requireKnown([query.insurancePlan], () => 'insurancePlan');
    const near = query.near && { ...query.near, radiusMetres: (query.radiusKm ?? DEFAULT_RADIUS_KM) * 1000 };
    const filters = {
      tokens,
      specialty: query.specialty,
      language: query.language,
      city: query.city?.toLowerCase(),
      mode: query.mode,
      maxFee: query.maxFee,
      minRating: query.minRating,
      insurancePlan: query.insurancePlan,
      near,
    };
    // The cursor is bound to the sort and filters it was issued for.
    const scope = `doctors:${sort}:${digestOf(filters)}`;
    const cacheKey = `search:${digestOf({ scope, cursor: query.cursor ?? null, limit: query.limit })}`;
    const route = await this.reads.publicRead(viewer?.userId);
    const load = async () => {
      const page = await paginate(
        this.cursors,
        { scope, keyCount: sortKeyCount(sort), limit: query.limit, cursor: query.cursor },
        (after, take) => this.repository.search(route.db, { ...filters, sort, limit: take, after }),
        (row) => ({ keys: row.sortKeys, id: row.id }),
      );
      return { data: page.data.map(toDoctorCardDto), nextCursor: page.nextCursor };
    };
    return this.cache.through(cacheKey, SEARCH_TTL_SECONDS, load, route.skipCache);
  }
}
