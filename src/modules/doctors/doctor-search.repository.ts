import { Inject, Injectable } from '@nestjs/common';
import { sql, type SQL } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import type { DoctorCardRecord } from './doctor.record.js';
import { cardColumns, normaliseRow, rowsOf } from './doctor-sql.js';
import type { ResolvedSort } from './search-terms.js';

export interface SearchSpec {
  /** Sanitised words of `q` (letters and digits only); every one must match. */
  tokens: string[];
  specialty?: string;
  language?: string;
  city?: string;
  mode?: string;
  maxFee?: number;
  minRating?: number;
  sort: ResolvedSort;
  limit: number;
  after: { keys: (string | number)[]; id: string } | null;
}

export type SearchRow = DoctorCardRecord & { sortKeys: (string | number)[] };

interface SortKey {
  /** The expression ordered by; never null (nulls are mapped to a sentinel that sorts last). */
  expr: SQL;
  /** How the key is carried in the cursor, and cast back: a fixed list, never user text. */
  cast: 'numeric' | 'int' | 'timestamptz';
  direction: 'asc' | 'desc';
}

/**
 * Trigram thresholds for this search only (SET LOCAL semantics): a name word within one or
 * two typos (`jonh` ~ `john` scores 0.4), and a stricter whole-word match over specialty
 * names and bio (`cardiolgy` ~ `cardiology` 0.62, `astma` ~ `asthma` 0.44, while
 * `cardiology` ~ `radiology` at 0.40 stays out).
 */
const NAME_WORD_SIMILARITY = '0.35';
const TEXT_STRICT_WORD_SIMILARITY = '0.42';

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

function tokenMatch(token: string): SQL {
  return sql`(d.search_document @@ to_tsquery('simple', ${`${token}:*`}) or ${token} <% d.name_text or ${token} <<% d.search_text)`;
}

function tokenScore(token: string): SQL {
  return sql`(ts_rank('{0.1, 0.2, 0.4, 1.0}', d.search_document, to_tsquery('simple', ${`${token}:*`}))
             + word_similarity(${token}, d.name_text) + 0.5 * strict_word_similarity(${token}, d.search_text))`;
}

@Injectable()
export class DoctorSearchRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** One page of verified doctors, `limit` rows at most, each with its sort keys for the cursor. */
  async search(spec: SearchSpec): Promise<SearchRow[]> {
    const score = spec.tokens.length > 0 ? sql`round((${sql.join(spec.tokens.map(tokenScore), sql` + `)})::numeric, 6)` : sql`0::numeric`;
    const keys = sortKeys(spec.sort, score);
    const where: SQL[] = [sql`d.verification_status = 'verified'`, ...spec.tokens.map(tokenMatch)];
    if (spec.specialty) where.push(sql`exists (select 1 from doctor_specialties ds where ds.doctor_id = d.id and ds.specialty_code = ${spec.specialty})`);
    if (spec.language) where.push(sql`d.languages @> array[${spec.language}]::text[]`);
    if (spec.city) where.push(sql`exists (select 1 from doctor_locations l where l.doctor_id = d.id and lower(l.city) = lower(${spec.city}))`);
    if (spec.mode) where.push(sql`d.consultation_modes @> array[${spec.mode}]::text[]`);
    if (spec.maxFee !== undefined) where.push(sql`d.fee_amount <= ${spec.maxFee}`);
    if (spec.minRating !== undefined) where.push(sql`d.rating_average >= ${String(spec.minRating)}::numeric`);
    if (spec.after) where.push(afterCursor(keys, spec.after.keys, spec.after.id));

    const keyColumns = keys.map((k, i) => sql`${k.expr}::text as ${sql.identifier(`k${i}`)}`);
    const order = (prefix: string) =>
      sql.join([...keys.map((k, i) => sql`${sql.identifier(prefix)}.${sql.identifier(`k${i}`)}::${sql.raw(k.cast)} ${sql.raw(k.direction)}`), sql`${sql.identifier(prefix)}.id asc`], sql`, `);
    const pageOrder = sql.join([...keys.map((k) => sql`${k.expr} ${sql.raw(k.direction)}`), sql`d.id asc`], sql`, `);

    // Pick the page's ids first (indexes, no JSON), then build cards for those rows only.
    const query = sql`
      with page as (
        select d.id, ${sql.join(keyColumns, sql`, `)}
          from doctors d
         where ${sql.join(where, sql` and `)}
         order by ${pageOrder}
         limit ${spec.limit}
      )
      select ${cardColumns}, ${sql.join(keys.map((_, i) => sql`p.${sql.identifier(`k${i}`)}`), sql`, `)}
        from page p join doctors d on d.id = p.id join users u on u.id = d.user_id
       order by ${order('p')}`;

    const rows =
      spec.tokens.length > 0
        ? await this.database.db.transaction(async (tx) => {
            await tx.execute(
              sql`select set_config('pg_trgm.word_similarity_threshold', ${NAME_WORD_SIMILARITY}, true),
                         set_config('pg_trgm.strict_word_similarity_threshold', ${TEXT_STRICT_WORD_SIMILARITY}, true)`,
            );
            return rowsOf<Record<string, unknown>>(tx, query);
          })
        : await rowsOf<Record<string, unknown>>(this.database.db, query);

    return rows.map((row) => {
      const sortKeysOfRow = keys.map((_, i) => row[`k${i}`] as string);
      return { ...normaliseRow(row as unknown as DoctorCardRecord), sortKeys: sortKeysOfRow };
    });
  }
}
