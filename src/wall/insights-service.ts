import type { Actor } from '../auth/actor.ts';
import { listAllCategories } from '../categories/category-service.ts';
import type { AppContext } from '../context.ts';
import type { Category, Workplace } from '../db/database.ts';
import { addDays } from '../lib/clock.ts';
import { overdueBefore } from '../review/review-service.ts';
import { countAwardBuckets, countNominationsByStatus, countPending, countReviewTimes, SHOWN_STATUSES } from './wall-queries.ts';
import { resolveScope } from './wall-service.ts';

export const INSIGHT_MONTHS = 12;
/**
 * How far back the review figures look: how quickly nominations are reviewed is a matter of recent
 * weeks (a year would hide a change for months), and it keeps their per-nomination join small.
 */
export const REVIEW_STATS_DAYS = 90;

/** What a reviewer learns about their workplaces over the last twelve months; no figure is about one person. */
export type Insights = {
  workplace: Workplace | null;
  /** The first instant counted: the first day of the oldest month shown, UTC. */
  since: string;
  /** Awards per month (YYYY-MM), oldest first, every month present. */
  months: { month: string; count: number }[];
  /** Awards per category, in the categories' order; a retired category only if it has awards. */
  categories: { category: Category; count: number }[];
  total: number;
  /** Nominations waiting for a decision now. */
  pending: number;
  /** The review figures below count nominations received since this instant (REVIEW_STATS_DAYS ago). */
  reviewSince: string;
  /** Of those nominations decided, or still waiting past the window: how many were decided within it. */
  review: { windowDays: number; onTime: number; counted: number };
  declined: number;
  withdrawn: number;
};

/** The last `count` months up to the one `now` falls in, as YYYY-MM (UTC), oldest first. */
export function recentMonths(now: Date, count = INSIGHT_MONTHS): string[] {
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

const monthStart = (month: string) => `${month}-01T00:00:00.000Z`;

/** The month after a YYYY-MM month. */
function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 7);
}

/** The insights for an actor's workplaces, or the one named by slug (403 if not theirs); `categories` as listAllCategories gives them. */
export async function loadInsights(ctx: AppContext, actor: Actor, workplaceSlug: string | null, categories?: Category[]): Promise<Insights> {
  const { scope, workplace } = await resolveScope(ctx, actor, workplaceSlug);
  const months = recentMonths(ctx.clock.now());
  const ranges = months.map((month, i) => ({ start: monthStart(month), end: monthStart(months[i + 1] ?? nextMonth(month)) }));
  const since = ranges[0]!.start;
  const windowDays = ctx.config.reviewWindowDays;
  const reviewSince = addDays(ctx.clock.now(), -REVIEW_STATS_DAYS).toISOString();
  categories ??= await listAllCategories(ctx);
  const buckets = [...ranges.map((r) => ({ from: r.start, before: r.end })), ...categories.map((c) => ({ from: since, category: c.slug }))];
  const [counts, pending, byStatus, review] = await Promise.all([
    countAwardBuckets(ctx.db, scope, SHOWN_STATUSES, buckets),
    countPending(ctx.db, scope),
    countNominationsByStatus(ctx.db, scope, reviewSince, ['declined', 'withdrawn']),
    countReviewTimes(ctx.db, ctx.dialect, scope, reviewSince, windowDays, overdueBefore(ctx)),
  ]);
  const perMonth = counts.slice(0, ranges.length);
  const perCategory = counts.slice(ranges.length);
  return {
    workplace,
    since,
    months: months.map((month, i) => ({ month, count: perMonth[i] ?? 0 })),
    categories: categories.map((category, i) => ({ category, count: perCategory[i] ?? 0 })).filter((c) => c.category.retired_at === null || c.count > 0),
    total: perMonth.reduce((sum, n) => sum + n, 0),
    pending,
    reviewSince,
    review: { windowDays, onTime: review.onTime, counted: review.decided + review.overdue },
    declined: byStatus.get('declined') ?? 0,
    withdrawn: byStatus.get('withdrawn') ?? 0,
  };
}
