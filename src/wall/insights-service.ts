import type { Actor } from '../auth/actor.ts';
import { listAllCategories } from '../categories/category-service.ts';
import type { AppContext } from '../context.ts';
import type { Category, Workplace } from '../db/database.ts';
import { addDays } from '../lib/clock.ts';
import { overdueBefore } from '../review/review-service.ts';
import { countDecisions, countNominationStatuses, countShownAwardsByMonth } from './wall-queries.ts';
import { resolveScope } from './wall-service.ts';

export const INSIGHT_MONTHS = 12;
/**
 * How far back the review figures look: how quickly nominations are reviewed is a matter of recent
 * weeks (a year would hide a change for months).
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

/** The insights for an actor's workplaces, or the one named by slug (403 if not theirs); `categories` as listAllCategories gives them. */
export async function loadInsights(
  ctx: AppContext,
  actor: Actor,
  workplaceSlug: string | null,
  categories?: Category[],
): Promise<Insights> {
  const { scope, workplace } = await resolveScope(ctx, actor, workplaceSlug);
  const now = ctx.clock.now();
  const months = recentMonths(now);
  const windowDays = ctx.config.reviewWindowDays;
  const reviewSince = addDays(now, -REVIEW_STATS_DAYS).toISOString();
  const [awards, statuses, decisions, allCategories] = await Promise.all([
    countShownAwardsByMonth(ctx.db, scope, months[0]!),
    countNominationStatuses(ctx.db, scope, reviewSince, overdueBefore(ctx)),
    countDecisions(ctx.db, scope, reviewSince, windowDays),
    categories ?? listAllCategories(ctx),
  ]);
  // Months and categories from the same rows. An award dated after this month (a clock set back)
  // counts in its category, and in no month shown.
  const perMonth = new Map<string, number>();
  const perCategory = new Map<string, number>();
  for (const { month, category, count } of awards) {
    perMonth.set(month, (perMonth.get(month) ?? 0) + count);
    perCategory.set(category, (perCategory.get(category) ?? 0) + count);
  }
  const byMonth = months.map((month) => ({ month, count: perMonth.get(month) ?? 0 }));
  return {
    workplace,
    since: `${months[0]}-01T00:00:00.000Z`,
    months: byMonth,
    categories: allCategories
      .map((category) => ({ category, count: perCategory.get(category.slug) ?? 0 }))
      .filter((c) => c.category.retired_at === null || c.count > 0),
    total: byMonth.reduce((sum, m) => sum + m.count, 0),
    pending: statuses.pending,
    reviewSince,
    review: { windowDays, onTime: decisions.onTime, counted: decisions.decided + statuses.overdue },
    declined: statuses.declined,
    withdrawn: statuses.withdrawn,
  };
}
