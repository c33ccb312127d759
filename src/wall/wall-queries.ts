import { type SelectQueryBuilder, sql } from 'kysely';
import type { Award, Database, Db } from '../db/database.ts';
import type { Cursor } from './wall-filter.ts';

/** Whose awards or nominations: these workplaces, or null for every one (the issuer admin). */
export type Scope = readonly string[] | null;

/** Which awards a wall, a screen or an export shows. */
export type AwardFilter = {
  scope: Scope;
  statuses: readonly Award['status'][];
  /** Only awards whose employee chose a public page. */
  publicOnly: boolean;
  category: string | null;
  /** Made at or after this instant (ISO) or day. */
  createdFrom: string | null;
  /** Made strictly before this instant or day. */
  createdBefore: string | null;
};

/**
 * The awards shown on walls and screens: approved (not claimed yet) or claimed; never revoked or
 * erased. The insights' tallies (migration 009) count these same two: changing them needs a migration.
 */
export const SHOWN_STATUSES = ['approved', 'claimed'] as const;

function filterAwards<O>(query: SelectQueryBuilder<Database, 'awards', O>, f: AwardFilter): SelectQueryBuilder<Database, 'awards', O> {
  let q = query;
  if (f.scope !== null) q = q.where('awards.workplace_id', 'in', f.scope);
  if (f.statuses.length > 0) q = q.where('awards.status', 'in', f.statuses);
  if (f.publicOnly) q = q.where('awards.public_page', '=', 1);
  if (f.category !== null) q = q.where('awards.category_slug', '=', f.category);
  if (f.createdFrom !== null) q = q.where('awards.created_at', '>=', f.createdFrom);
  if (f.createdBefore !== null) q = q.where('awards.created_at', '<', f.createdBefore);
  return q;
}

/**
 * A page of awards, newest first, after a keyset cursor: each page costs the same however deep it
 * is, on the (workplace_id, created_at, id) and (created_at, id) indexes.
 */
export async function queryAwardPage(db: Db, f: AwardFilter, before: Cursor | null, limit: number) {
  if (f.scope !== null && f.scope.length === 0) return [];
  let q = db
    .selectFrom('awards')
    .select([
      'awards.id',
      'awards.nomination_id',
      'awards.workplace_id',
      'awards.staff_first_name',
      'awards.category_slug',
      'awards.moment_date',
      'awards.status',
      'awards.show_story',
      'awards.created_at',
    ])
    .$call((query) => filterAwards(query, f))
    .orderBy('awards.created_at', 'desc')
    .orderBy('awards.id', 'desc')
    .limit(limit);
  if (before) q = q.where((eb) => eb(eb.refTuple('awards.created_at', 'awards.id'), '<', eb.tuple(before.createdAt, before.id)));
  return q.execute();
}

export type AwardPageRow = Awaited<ReturnType<typeof queryAwardPage>>[number];

/** The story of each nomination and whether its nominator allowed it in public; never who they are. */
export async function queryStories(db: Db, nominationIds: readonly string[]) {
  if (nominationIds.length === 0) return new Map<string, { story: string; public_story_consent: number }>();
  const rows = await db
    .selectFrom('nominations')
    .select(['id', 'story', 'public_story_consent'])
    .where('id', 'in', nominationIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { story: r.story, public_story_consent: r.public_story_consent }]));
}

/** Awards for an export, oldest first, after a keyset cursor. */
export async function queryAwardExportBatch(db: Db, f: AwardFilter, after: Cursor | null, limit: number) {
  if (f.scope !== null && f.scope.length === 0) return [];
  let q = db
    .selectFrom('awards')
    .select([
      'awards.id',
      'awards.workplace_id',
      'awards.staff_first_name',
      'awards.category_slug',
      'awards.moment_date',
      'awards.status',
      'awards.issued_on',
      'awards.created_at',
    ])
    .$call((query) => filterAwards(query, f))
    .orderBy('awards.created_at', 'asc')
    .orderBy('awards.id', 'asc')
    .limit(limit);
  if (after) q = q.where((eb) => eb(eb.refTuple('awards.created_at', 'awards.id'), '>', eb.tuple(after.createdAt, after.id)));
  return q.execute();
}

/** Which nominations an export holds. */
export type NominationFilter = { scope: Scope; createdFrom: string | null; createdBefore: string | null };

/** Nominations for an export, oldest first, after a keyset cursor; the nominator's name and email are not read. */
export async function queryNominationExportBatch(db: Db, f: NominationFilter, after: Cursor | null, limit: number) {
  if (f.scope !== null && f.scope.length === 0) return [];
  let q = db
    .selectFrom('nominations')
    .select([
      'id',
      'workplace_id',
      'workplace_name',
      'workplace_city',
      'staff_first_name',
      'staff_role',
      'category_slug',
      'moment_date',
      'moment_place',
      'story',
      'public_story_consent',
      'status',
      'created_at',
    ])
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit);
  if (f.scope !== null) q = q.where('workplace_id', 'in', f.scope);
  if (f.createdFrom !== null) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdBefore !== null) q = q.where('created_at', '<', f.createdBefore);
  if (after) q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)));
  return q.execute();
}

/**
 * Awards shown on walls made in `fromMonth` (YYYY-MM) or later, by month and category: a few rows
 * per workplace and month from the tallies, rather than every award.
 */
export async function countShownAwardsByMonth(
  db: Db,
  scope: Scope,
  fromMonth: string,
): Promise<{ month: string; category: string; count: number }[]> {
  if (scope !== null && scope.length === 0) return [];
  let q = db
    .selectFrom('award_month_counts')
    .select((eb) => ['month', 'category_slug', eb.fn.sum<number>('awards').as('n')])
    .where('month', '>=', fromMonth)
    .groupBy(['month', 'category_slug']);
  if (scope !== null) q = q.where('workplace_id', 'in', scope);
  return (await q.execute()).map((r) => ({ month: r.month, category: r.category_slug, count: Number(r.n) }));
}

/**
 * Nominations by where they stand now: waiting (all of them, and those received in
 * [since, overdueBefore) that have waited past the review window), and those received since
 * `since` that were declined or withdrawn. Two ranges of the (status, created_at) indexes in one
 * statement; written as one OR, PostgreSQL would read the rows from the table.
 */
export async function countNominationStatuses(
  db: Db,
  scope: Scope,
  since: string,
  overdueBefore: string,
): Promise<{ pending: number; overdue: number; declined: number; withdrawn: number }> {
  const counts = { pending: 0, overdue: 0, declined: 0, withdrawn: 0 };
  if (scope !== null && scope.length === 0) return counts;
  const inScope = <O>(q: SelectQueryBuilder<Database, 'nominations', O>) => (scope === null ? q : q.where('workplace_id', 'in', scope));
  const waiting = db
    .selectFrom('nominations')
    .select((eb) => [
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('created_at', '>=', since), eb('created_at', '<', overdueBefore)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .where('status', '=', 'submitted')
    .groupBy('status')
    .$call(inScope);
  const closed = db
    .selectFrom('nominations')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n'), sql<number>`0`.as('overdue')])
    .where('status', 'in', ['declined', 'withdrawn'])
    .where('created_at', '>=', since)
    .groupBy('status')
    .$call(inScope);
  for (const row of await waiting.unionAll(closed).execute()) {
    const n = Number(row.n);
    if (row.status === 'submitted') {
      counts.pending = n;
      counts.overdue = Number(row.overdue ?? 0);
    } else if (row.status === 'declined') counts.declined = n;
    else if (row.status === 'withdrawn') counts.withdrawn = n;
  }
  return counts;
}

/**
 * Decisions (approved or declined) on nominations received since an instant: how many, and how
 * many came within `windowDays` of the nomination.
 */
export async function countDecisions(
  db: Db,
  scope: Scope,
  since: string,
  windowDays: number,
): Promise<{ decided: number; onTime: number }> {
  if (scope !== null && scope.length === 0) return { decided: 0, onTime: 0 };
  let q = db
    .selectFrom('nomination_decisions')
    .select((eb) => [
      eb.fn.countAll<number>().as('decided'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('review_ms', '<=', windowDays * 86_400_000)
            .then(1)
            .else(0)
            .end(),
        )
        .as('on_time'),
    ])
    .where('received_at', '>=', since);
  if (scope !== null) q = q.where('workplace_id', 'in', scope);
  const row = await q.executeTakeFirstOrThrow();
  return { decided: Number(row.decided), onTime: Number(row.on_time ?? 0) };
}
