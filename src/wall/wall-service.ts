import { type Actor, assertCanReview } from '../auth/actor.ts';
import { storyIsPublic } from '../awards/award-texts.ts';
import { listAllCategories } from '../categories/category-service.ts';
import type { AppContext } from '../context.ts';
import type { Category, Workplace } from '../db/database.ts';
import { AppError, type FieldErrors, notFound } from '../lib/errors.ts';
import { findWorkplaceBySlug } from '../workplaces/workplace-queries.ts';
import { listWorkplacesFor } from '../workplaces/workplace-service.ts';
import { type Cursor, dayAfter, encodeCursor, parseWallFilter, type WallFilter } from './wall-filter.ts';
import { type AwardFilter, type AwardPageRow, queryAwardPage, queryStories, type Scope, SHOWN_STATUSES } from './wall-queries.ts';

export const WALL_PAGE_SIZE = 24;
/** How many recent awards the break-room screen cycles through. */
export const SCREEN_SIZE = 20;

/** One card of a wall: what a manager, a break-room screen or a passer-by may see of an award. */
export type WallCard = {
  id: string;
  firstName: string;
  categorySlug: string;
  momentDate: string;
  createdAt: string;
  claimed: boolean;
  /** The story, only where it may be shown to this audience; never the nominator. */
  story: string | null;
  workplaceId: string | null;
};

export type WallPage = { cards: WallCard[]; next: string | null };

/** What the wall's filter form offers: the actor's workplaces and every category (retired ones keep their badges). */
export async function wallChoices(ctx: AppContext, actor: Actor): Promise<{ workplaces: Workplace[]; categories: Category[] }> {
  const [workplaces, categories] = await Promise.all([listWorkplacesFor(ctx, actor), listAllCategories(ctx)]);
  return { workplaces, categories };
}

/**
 * The workplaces whose awards an actor sees: the one named by slug (404 if unknown, 403 if not
 * theirs), or all of theirs (every one for the admin).
 */
export async function resolveScope(
  ctx: AppContext,
  actor: Actor,
  slug: string | null,
): Promise<{ scope: Scope; workplace: Workplace | null }> {
  if (slug !== null) {
    const workplace = await findWorkplaceBySlug(ctx.db, slug);
    if (!workplace) throw notFound();
    assertCanReview(actor, workplace.id);
    return { scope: [workplace.id], workplace };
  }
  return { scope: actor.role === 'admin' ? null : actor.workplaceIds, workplace: null };
}

/** Reads and checks the wall's query; a bad value is a 400 naming its field. */
export function checkedFilter(query: Record<string, string | undefined>, categories: readonly Category[]): WallFilter {
  const { filter, errors } = parseWallFilter(query);
  const fields: FieldErrors = { ...errors };
  if (filter.category !== null && !errors.category && !categories.some((c) => c.slug === filter.category))
    fields.category = 'wall.filter.category';
  if (Object.keys(fields).length > 0) throw new AppError('validation', 400, 'error.validation', fields);
  return filter;
}

/** The awards a filter selects, for an actor's scope. */
export function awardFilter(
  scope: Scope,
  filter: Pick<WallFilter, 'category' | 'from' | 'to'>,
  statuses: AwardFilter['statuses'],
  publicOnly = false,
): AwardFilter {
  return {
    scope,
    statuses,
    publicOnly,
    category: filter.category,
    createdFrom: filter.from,
    createdBefore: filter.to ? dayAfter(filter.to) : null,
  };
}

async function page(
  ctx: AppContext,
  filter: AwardFilter,
  cursor: Cursor | null,
  limit: number,
  story: (row: AwardPageRow, s: { story: string; public_story_consent: number }) => string | null,
): Promise<WallPage> {
  const rows = await queryAwardPage(ctx.db, filter, cursor, limit + 1);
  const shown = rows.slice(0, limit);
  const stories = await queryStories(
    ctx.db,
    shown.map((r) => r.nomination_id),
  );
  const last = shown.at(-1);
  return {
    cards: shown.map((row) => {
      const s = stories.get(row.nomination_id);
      return {
        id: row.id,
        firstName: row.staff_first_name,
        categorySlug: row.category_slug,
        momentDate: row.moment_date,
        createdAt: row.created_at,
        claimed: row.status === 'claimed',
        story: s ? story(row, s) : null,
        workplaceId: row.workplace_id,
      };
    }),
    next: rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

// Reviewers see the story wherever the nominator allowed it; the employee's choice is about the public.
const reviewerStory = (_row: AwardPageRow, s: { story: string; public_story_consent: number }) =>
  s.public_story_consent === 1 ? s.story : null;

/** A page of the reviewer's wall: awards of their workplaces (approved or claimed), newest first, filtered. */
export async function listWall(
  ctx: AppContext,
  actor: Actor,
  filter: WallFilter,
  limit = WALL_PAGE_SIZE,
): Promise<WallPage & { workplace: Workplace | null }> {
  const { scope, workplace } = await resolveScope(ctx, actor, filter.workplace);
  return { ...(await page(ctx, awardFilter(scope, filter, SHOWN_STATUSES), filter.cursor, limit, reviewerStory)), workplace };
}

/** The most recent awards for a break-room screen, one workplace or all the actor's. */
export async function listScreen(
  ctx: AppContext,
  actor: Actor,
  workplaceSlug: string | null,
): Promise<WallPage & { workplace: Workplace | null }> {
  const { scope, workplace } = await resolveScope(ctx, actor, workplaceSlug);
  return {
    ...(await page(ctx, awardFilter(scope, { category: null, from: null, to: null }, SHOWN_STATUSES), null, SCREEN_SIZE, reviewerStory)),
    workplace,
  };
}

/**
 * A page of a workplace's public wall: 404 unless the workplace turned it on; only claimed badges
 * whose employees chose a public page, the story only when nominator and employee both allowed it.
 */
export async function listPublicWall(
  ctx: AppContext,
  slug: string,
  cursorText: string | undefined,
): Promise<WallPage & { workplace: Workplace }> {
  const workplace = await findWorkplaceBySlug(ctx.db, slug);
  if (!workplace) throw notFound();
  if (workplace.public_wall !== 1) throw new AppError('not_found', 404, 'wall.public.off');
  const { filter, errors } = parseWallFilter({ cursor: cursorText });
  if (errors.cursor) throw new AppError('validation', 400, 'wall.filter.cursor');
  const awards = awardFilter([workplace.id], { category: null, from: null, to: null }, ['claimed'], true);
  const result = await page(ctx, awards, filter.cursor, WALL_PAGE_SIZE, (row, s) =>
    storyIsPublic({ public_story_consent: s.public_story_consent, show_story: row.show_story }) ? s.story : null,
  );
  return { ...result, workplace };
}

/** The workplace whose counter card a reviewer prints (403 if not theirs). */
export async function printableWorkplace(ctx: AppContext, actor: Actor, slug: string): Promise<Workplace> {
  const { workplace } = await resolveScope(ctx, actor, slug);
  return workplace!;
}
