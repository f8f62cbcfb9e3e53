import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../common/core/tokens.js';
import type { AppConfig } from '../../config/config.js';
import { sql, type SQL } from 'drizzle-orm';
import { publicDoctorsOnly } from '../../common/access/public-doctor.js';
import type { Executor } from '../../db/transactions.js';
import type { DoctorCardRecord, LocationRecord } from './doctor.record.js';
import { rowsOf } from '../../db/rows.js';
import { cardColumns, locationJson, normaliseRow } from './doctor-sql.js';
import { expandToken, type ExpandedToken, type ResolvedSort } from './search-terms.js';

export interface SearchSpec {
  /** The words of `q` with their typo variants; every word must match. */
  tokens: ExpandedToken[];
  specialty?: string;
  language?: string;
  city?: string;
  mode?: string;
  maxFee?: number;
  minRating?: number;
  /** Only doctors accepting this insurance plan. */
  insurancePlan?: string;
  /** Only doctors with a located practice within `radiusMetres` of the point; cards carry the distance to the nearest. */
  near?: NearPoint;
  sort: ResolvedSort;
  limit: number;
  after: { keys: (string | number)[]; id: string } | null;
}

export interface NearPoint {
  latitude: number;
  longitude: number;
  radiusMetres: number;
}

export type SearchRow = DoctorCardRecord & { sortKeys: (string | number)[]; distanceMetres: number | null; nearestLocation: LocationRecord | null };

/** The search point on the earth (cube + earthdistance, migration 0030). */
function origin(near: NearPoint): SQL {
  return sql`ll_to_earth(${near.latitude}::float8, ${near.longitude}::float8)`;
}

/** A location row's point (stored, null without coordinates): what the GiST index doctor_locations_earth_idx is built on. */
const LOCATION_POINT = sql`l.earth_point`;

/**
 * Doctors with a located practice within the radius: the index finds the locations in the
 * bounding cube, the exact great-circle distance drops the cube's corners.
 */
function withinRadius(near: NearPoint): SQL {
  return sql`d.id in (select l.doctor_id from doctor_locations l
                       where l.earth_point is not null
                         and earth_box(${origin(near)}, ${near.radiusMetres}::float8) @> ${LOCATION_POINT}
                         and earth_distance(${origin(near)}, ${LOCATION_POINT}) <= ${near.radiusMetres}::float8)`;
}

/** Metres from the point to each candidate's nearest located practice (as `nd.metres`). */
function nearestDistance(near: NearPoint): SQL {
  return sql`cross join lateral (select min(earth_distance(${origin(near)}, ${LOCATION_POINT})) as metres
                                   from doctor_locations l where l.doctor_id = d.id and l.earth_point is not null) nd`;
}

interface SortKey {
  /** The expression ordered by; never null (nulls are mapped to a sentinel that sorts last). */
  expr: SQL;
  /** How the key is carried in the cursor, and cast back: a fixed list, never user text. */
  cast: 'numeric' | 'int' | 'timestamptz';
  direction: 'asc' | 'desc';
}

function sortKeys(sort: ResolvedSort, score: SQL): SortKey[] {
  switch (sort) {
    case 'relevance':
      return [{ expr: score, cast: 'numeric', direction: 'desc' }];
    case 'rating':
      return [
        { expr: sql`d.rating_average`, cast: 'numeric', direction: 'desc' },
        { expr: sql`d.rating_count`, cast: 'int', direction: 'desc' },
      ];
    case 'fee':
      return [{ expr: sql`coalesce(d.fee_amount, 2147483647)`, cast: 'int', direction: 'asc' }];
    case 'nextAvailable':
      return [{ expr: sql`coalesce(d.next_available_at, 'infinity'::timestamptz)`, cast: 'timestamptz', direction: 'asc' }];
    case 'distance':
      // Only with `near` (validation), where every row has a distance (the radius filter); to the decimetre, so the cursor stays short.
      return [{ expr: sql`round(nd.metres::numeric, 1)`, cast: 'numeric', direction: 'asc' }];
  }
}

export function sortKeyCount(sort: ResolvedSort): number {
  return sort === 'rating' ? 2 : 1;
}

/** Strictly after the cursor in (keys…, id asc) order, for keys of mixed direction. */
function afterCursor(keys: SortKey[], values: (string | number)[], id: string): SQL {
  const typed = values.map((v, i) => sql`${String(v)}::${sql.raw(keys[i]!.cast)}`);
  const branches: SQL[] = [];
  for (let i = 0; i <= keys.length; i++) {
    const equal = keys.slice(0, i).map((k, j) => sql`${k.expr} = ${typed[j]}`);
    const last = i < keys.length ? sql`${keys[i]!.expr} ${sql.raw(keys[i]!.direction === 'asc' ? '>' : '<')} ${typed[i]}` : sql`d.id > ${id}::uuid`;
    branches.push(sql.join([...equal, last], sql` and `));
  }
  return sql`(${sql.join(branches.map((b) => sql`(${b})`), sql` or `)})`;
}

function tokenMatch(token: ExpandedToken): SQL {
  return sql`d.search_document @@ to_tsquery('simple', ${token.expanded})`;
}

/** Weighted rank (name 1.0, specialties 0.4, bio 0.2); a match of the word as typed counts four times a typo match. */
function tokenScore(token: ExpandedToken): SQL {
  const rank = (query: string) => sql`ts_rank('{0.1, 0.2, 0.4, 1.0}', d.search_document, to_tsquery('simple', ${query}))`;
  // Without typo variants both ranks are the same: compute it once (ranking is most of a search's cost).
  if (token.expanded === token.exact) return sql`(4 * ${rank(token.exact)})`;
  return sql`(${rank(token.expanded)} + 3 * ${rank(token.exact)})`;
}

/** The search statement (exported so the benchmark's bare handler runs exactly this SQL). */
export function searchQuery(spec: SearchSpec): { query: SQL; keyCount: number } {
  const score = spec.tokens.length > 0 ? sql`round((${sql.join(spec.tokens.map(tokenScore), sql` + `)})::numeric, 6)` : sql`0::numeric`;
  const keys = sortKeys(spec.sort, score);
  const where: SQL[] = [publicDoctorsOnly('d'), ...spec.tokens.map(tokenMatch)];
  // Specialty codes and cities are trigger-kept copies on the row (GIN), so they combine with the text index.
  if (spec.specialty) where.push(sql`d.specialty_codes @> array[${spec.specialty}]::text[]`);
  if (spec.language) where.push(sql`d.languages @> array[${spec.language}]::text[]`);
  if (spec.city) where.push(sql`d.cities @> array[lower(${spec.city})]::text[]`);
  if (spec.mode) where.push(sql`d.consultation_modes @> array[${spec.mode}]::text[]`);
  if (spec.maxFee !== undefined) where.push(sql`d.fee_amount <= ${spec.maxFee}`);
  if (spec.minRating !== undefined) where.push(sql`d.rating_average >= ${String(spec.minRating)}::numeric`);
  if (spec.insurancePlan) where.push(sql`exists (select 1 from doctor_insurance_plans dp where dp.doctor_id = d.id and dp.plan_id = ${spec.insurancePlan}::uuid)`);
  if (spec.near) where.push(withinRadius(spec.near));
  if (spec.after) where.push(afterCursor(keys, spec.after.keys, spec.after.id));

  const keyColumns = keys.map((k, i) => sql`${k.expr}::text as ${sql.identifier(`k${i}`)}`);
  const order = (prefix: string) =>
    sql.join([...keys.map((k, i) => sql`${sql.identifier(prefix)}.${sql.identifier(`k${i}`)}::${sql.raw(k.cast)} ${sql.raw(k.direction)}`), sql`${sql.identifier(prefix)}.id asc`], sql`, `);
  const pageOrder = sql.join([...keys.map((k) => sql`${k.expr} ${sql.raw(k.direction)}`), sql`d.id asc`], sql`, `);

  const near = spec.near;
  // Pick the page's ids first (indexes, no JSON), then build cards for those rows only.
  const query = sql`
    with page as (
      select d.id, ${sql.join(keyColumns, sql`, `)}${near ? sql`, nd.metres` : sql``}
        from doctors d ${near ? nearestDistance(near) : sql``}
       where ${sql.join(where, sql` and `)}
       order by ${pageOrder}
       limit ${spec.limit}
    )
    select ${cardColumns}, ${sql.join(keys.map((_, i) => sql`p.${sql.identifier(`k${i}`)}`), sql`, `)},
           ${near ? sql`p.metres as "distanceMetres", nl.location as "nearestLocation"` : sql`null::float8 as "distanceMetres", null::json as "nearestLocation"`}
      from page p join doctors d on d.id = p.id join users u on u.id = d.user_id
      ${near ? nearestLocation(near) : sql``}
     order by ${order('p')}`;
  return { query, keyCount: keys.length };
}

/** The practice the distance is measured to (the first in the doctor's order on a tie). */
function nearestLocation(near: NearPoint): SQL {
  return sql`left join lateral (select ${locationJson(sql`l`)} as location from doctor_locations l
                                 where l.doctor_id = d.id and l.earth_point is not null
                                 order by earth_distance(${origin(near)}, ${LOCATION_POINT}), l.position limit 1) nl on true`;
}

/**
 * How the nearest dictionary words are found. `index`: trigram distance, `<->`, a GiST k-NN scan
 * (PostgreSQL). `similarity`: the same order by `similarity()` over a scan, for PGlite: on PGlite
 * 0.5 (PostgreSQL 18.3 as WebAssembly) a statement ordering by `<->` now and then leaves its
 * portal active; the next statement's Bind then fails to drop it ("cannot drop active portal")
 * and the backend spins in its error handling forever, which hung the embedded default on the
 * search after it (within 1 to 20 runs of a search sequence; with `similarity()`, none in 130).
 * `<->` is `1 - similarity()`, so both give the same words; PGlite's dictionaries are small.
 */
export type NeighbourLookup = 'index' | 'similarity';

/** Nearest dictionary words of each query word, 12 per word. */
export function neighboursQuery(tokens: string[], lookup: NeighbourLookup = 'index'): SQL {
  const nearestFirst = lookup === 'index' ? sql`term <-> t.word` : sql`similarity(term, t.word) desc, term`;
  return sql`select t.i::int as i, s.term
               from unnest(array[${sql.join(tokens.map((token) => sql`${token}`), sql`, `)}]::text[]) with ordinality as t(word, i)
               cross join lateral (select term from search_terms order by ${nearestFirst} limit 12) s`;
}

/** Pairs each word with its neighbours' rows (1-based `i`, as `with ordinality` numbers them). */
export function expandTokens(tokens: string[], rows: { i: number; term: string }[]): ExpandedToken[] {
  return tokens.map((token, index) => expandToken(token, rows.filter((r) => Number(r.i) === index + 1).map((r) => r.term)));
}

/** The public directory: a read that decides nothing, so it runs where `ReadRouting` says (a replica, usually). */
@Injectable()
export class DoctorSearchRepository {
  private readonly lookup: NeighbourLookup;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.lookup = config.database.kind === 'pglite' ? 'similarity' : 'index';
  }

  /** One page of public doctors, `limit` rows at most, each with its sort keys for the cursor. */
  async search(reader: Executor, spec: Omit<SearchSpec, 'tokens'> & { tokens: string[] }): Promise<SearchRow[]> {
    const tokens = spec.tokens.length > 0 ? expandTokens(spec.tokens, await rowsOf<{ i: number; term: string }>(reader, neighboursQuery(spec.tokens, this.lookup))) : [];
    const { query, keyCount } = searchQuery({ ...spec, tokens });
    const rows = await rowsOf<Record<string, unknown>>(reader, query);
    return rows.map((row) => {
      const sortKeysOfRow = Array.from({ length: keyCount }, (_, i) => row[`k${i}`] as string);
      const metres = row.distanceMetres;
      const location = row.nearestLocation;
      return {
        ...normaliseRow(row as unknown as DoctorCardRecord),
        sortKeys: sortKeysOfRow,
        distanceMetres: metres === null || metres === undefined ? null : Number(metres),
        nearestLocation: location === null || location === undefined ? null : ((typeof location === 'string' ? JSON.parse(location) : location) as LocationRecord),
      };
    });
  }
}
