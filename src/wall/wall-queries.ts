import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Dialect } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import type { Cursor } from './wall-filter.ts';

type Db = Kysely<Database>;

/** Whose awards or nominations: these workplaces, or null for every one (the issuer admin). */
export type Scope = readonly string[] | null;

/** Which awards a wall, a screen or an export shows. */
export type AwardFilter = {
  scope: Scope;
  statuses: readonly string[];
  /** Only awards whose employee chose a public page. */
  publicOnly: boolean;
  category: string | null;
  /** Made at or after this instant (ISO) or day. */
  createdFrom: string | null;
  /** Made strictly before this instant or day. */
  createdBefore: string | null;
};

/** The awards shown on walls and screens: approved (not claimed yet) or claimed; never revoked or erased. */
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
  const rows = await db.selectFrom('nominations').select(['id', 'story', 'public_story_consent']).where('id', 'in', nominationIds).execute();
  return new Map(rows.map((r) => [r.id, { story: r.story, public_story_consent: r.public_story_consent }]));
}

/** Awards for an export, oldest first, after a keyset cursor. */
export async function queryAwardExportBatch(db: Db, f: AwardFilter, after: Cursor | null, limit: number) {
  if (f.scope !== null && f.scope.length === 0) return [];
  let q = db
    .selectFrom('awards')
    .select(['awards.id', 'awards.workplace_id', 'awards.staff_first_name', 'awards.category_slug', 'awards.moment_date', 'awards.status', 'awards.issued_on', 'awards.created_at'])
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

/** A slice of awards to count: made in [from, before), of one category if given. */
export type AwardBucket = { from: string; before?: string; category?: string };

/**
 * Counts awards in each bucket, in one statement of counts joined by UNION ALL: each count is a
 * range of a covering index. SQLite sorts a GROUP BY over 50,000 rows (or evaluates a CASE per row)
 * several times slower than it counts index ranges, and one statement keeps it one round trip.
 */
export async function countAwardBuckets(db: Db, scope: Scope, statuses: readonly string[], buckets: readonly AwardBucket[]): Promise<number[]> {
  if (buckets.length === 0 || (scope !== null && scope.length === 0)) return buckets.map(() => 0);
  const count = (bucket: AwardBucket, i: number) => {
    let q = db
      .selectFrom('awards')
      .select((eb) => [sql.lit(i).as('i'), eb.fn.countAll<number>().as('n')])
      .where('awards.created_at', '>=', bucket.from)
      .where('awards.status', 'in', statuses);
    if (bucket.before !== undefined) q = q.where('awards.created_at', '<', bucket.before);
    if (bucket.category !== undefined) q = q.where('awards.category_slug', '=', bucket.category);
    if (scope !== null) q = q.where('awards.workplace_id', 'in', scope);
    return q;
  };
  const [first, ...rest] = buckets.map(count);
  const rows = await rest.reduce((union, q) => union.unionAll(q), first!).execute();
  const counts = buckets.map(() => 0);
  for (const row of rows) counts[Number(row.i)] = Number(row.n);
  return counts;
}

/** Nominations waiting for a decision now. */
export async function countPending(db: Db, scope: Scope): Promise<number> {
  if (scope !== null && scope.length === 0) return 0;
  let q = db
    .selectFrom('nominations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'submitted');
  if (scope !== null) q = q.where('workplace_id', 'in', scope);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Nominations received since an instant that are now in one of these statuses, by status. */
export async function countNominationsByStatus(db: Db, scope: Scope, since: string, statuses: readonly string[]): Promise<Map<string, number>> {
  if (scope !== null && scope.length === 0) return new Map();
  let q = db
    .selectFrom('nominations')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('status', 'in', statuses)
    .where('created_at', '>=', since)
    .groupBy('status');
  if (scope !== null) q = q.where('workplace_id', 'in', scope);
  return new Map((await q.execute()).map((r) => [r.status, Number(r.n)]));
}

/** Whether `later` is at most `days` days after `earlier`, both ISO text columns: the one date sum that differs by engine. */
function withinDays(dialect: Dialect, later: string, earlier: string, days: number) {
  return dialect === 'sqlite'
    ? sql<boolean>`julianday(${sql.ref(later)}) - julianday(${sql.ref(earlier)}) <= ${days}`
    : sql<boolean>`${sql.ref(later)}::timestamptz - ${sql.ref(earlier)}::timestamptz <= make_interval(days => ${days}::int)`;
}

/**
 * For nominations received since an instant: how many were decided (approved or declined, the
 * event in the log), how many of those within `windowDays`, and how many still wait past the window.
 */
export async function countReviewTimes(db: Db, dialect: Dialect, scope: Scope, since: string, windowDays: number, overdueBefore: string) {
  if (scope !== null && scope.length === 0) return { decided: 0, onTime: 0, overdue: 0 };
  let q = db
    .selectFrom('nominations as n')
    .leftJoin('nomination_events as e', (join) => {
      const decisions = join.onRef('e.nomination_id', '=', 'n.id').on('e.type', 'in', ['approved', 'declined']);
      // A decision comes after its nomination, so this bound changes no answer. Over every workplace it
      // lets PostgreSQL read the recent decisions as one range (nomination_events_recent_decisions) for a
      // hash join; for a few workplaces, probing each nomination's decision is cheaper, and left alone.
      return scope === null ? decisions.on('e.created_at', '>=', since) : decisions;
    })
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('e.created_at', 'is not', null).then(1).else(0).end()).as('decided'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('e.created_at', 'is not', null), withinDays(dialect, 'e.created_at', 'n.created_at', windowDays)])).then(1).else(0).end()).as('on_time'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('n.status', '=', 'submitted'), eb('n.created_at', '<', overdueBefore)])).then(1).else(0).end()).as('overdue'),
    ])
    .where('n.created_at', '>=', since);
  if (scope !== null) q = q.where('n.workplace_id', 'in', scope);
  const row = await q.executeTakeFirstOrThrow();
  return { decided: Number(row.decided ?? 0), onTime: Number(row.on_time ?? 0), overdue: Number(row.overdue ?? 0) };
}
