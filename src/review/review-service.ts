import type { Transaction } from 'kysely';
import { type Actor, assertAdmin, assertCanReview } from '../auth/actor.ts';
import type { AppContext } from '../context.ts';
import type { Database, Nomination } from '../db/database.ts';
import { addDays } from '../lib/clock.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { newId, newToken, sha256Hex } from '../lib/ids.ts';
import { appendEvent, findNomination, findNominationByWithdrawToken } from '../nominations/nomination-queries.ts';
import { findWorkplaceBySlug } from '../workplaces/workplace-queries.ts';
import { listEvents, type NominationRow, queryNominations, transitionNomination } from './review-queries.ts';

export const CLAIM_LINK_DAYS = 90;
const PAGE_SIZE = 50;

export type QueueFilter = {
  status?: string | undefined;
  workplace?: string | undefined;
  unlisted?: boolean;
  overdue?: boolean;
  cursor?: string | undefined;
  limit?: number;
};

/** The nominations an actor may review, newest first, one page at a time. */
export async function listNominations(ctx: AppContext, actor: Actor, filter: QueueFilter) {
  const limit = Math.min(Math.max(filter.limit ?? PAGE_SIZE, 1), 200);
  let workplaceId: string | null = null;
  if (filter.workplace) {
    const workplace = await findWorkplaceBySlug(ctx.db, filter.workplace);
    if (!workplace) throw notFound();
    assertCanReview(actor, workplace.id);
    workplaceId = workplace.id;
  }
  const rows = await queryNominations(ctx.db, {
    workplaceIds: actor.role === 'admin' ? null : actor.workplaceIds,
    status: filter.status ?? null,
    workplaceId,
    unlisted: filter.unlisted ?? false,
    createdBefore: filter.overdue ? overdueBefore(ctx) : null,
    afterId: filter.cursor ?? null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { items: page, next: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Nominations created before this instant have waited past the review window. */
export function overdueBefore(ctx: AppContext): string {
  return addDays(ctx.clock.now(), -ctx.config.reviewWindowDays).toISOString();
}

/** A nomination as the API shows it. */
export function nominationJson(row: NominationRow) {
  return {
    id: row.id,
    status: row.status,
    workplace: row.workplace_slug ?? { name: row.workplace_name, city: row.workplace_city },
    staffFirstName: row.staff_first_name,
    staffRole: row.staff_role,
    category: row.category_slug,
    momentDate: row.moment_date,
    momentPlace: row.moment_place,
    story: row.story,
    publicStoryConsent: row.public_story_consent === 1,
    createdAt: row.created_at,
  };
}

/** One nomination with its history, if the actor may review it. */
export async function getNominationForReview(ctx: AppContext, actor: Actor, id: string) {
  const nomination = await findNomination(ctx.db, id);
  if (!nomination) throw notFound();
  assertCanReview(actor, nomination.workplace_id);
  const award = await ctx.db.selectFrom('awards').selectAll().where('nomination_id', '=', id).executeTakeFirst();
  return { nomination, events: await listEvents(ctx.db, id), award: award ?? null };
}

export type ApprovedAward = { id: string; claimUrl: string; claimToken: string; claimExpiresAt: string; nomination: Nomination };

/**
 * Approves a nomination: the award exists from now on, with a private claim link (random,
 * stored hashed, expiring). Approving twice, or approving a declined nomination, is a 409.
 */
export async function approveNomination(
  ctx: AppContext,
  actor: Actor,
  id: string,
  onApproved?: (trx: Transaction<Database>, award: ApprovedAward) => Promise<void>,
): Promise<ApprovedAward> {
  const nomination = await findNomination(ctx.db, id);
  if (!nomination) throw notFound();
  assertCanReview(actor, nomination.workplace_id);
  if (nomination.workplace_id === null) throw new AppError('conflict', 409, 'review.needsWorkplace');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const awardId = newId(now.getTime());
  const claimToken = newToken();
  const claimExpiresAt = addDays(now, CLAIM_LINK_DAYS).toISOString();
  const approved: ApprovedAward = { id: awardId, claimUrl: claimUrl(ctx, claimToken), claimToken, claimExpiresAt, nomination };
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await transitionNomination(trx, id, ['submitted'], 'approved', at))) throw conflict(nomination.status);
    await trx
      .insertInto('awards')
      .values({
        id: awardId,
        nomination_id: id,
        workplace_id: nomination.workplace_id,
        category_slug: nomination.category_slug,
        staff_first_name: nomination.staff_first_name,
        moment_date: nomination.moment_date,
        status: 'approved',
        claim_token_hash: sha256Hex(claimToken),
        claim_expires_at: claimExpiresAt,
        lang: nomination.lang,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await appendEvent(trx, {
      id: newId(now.getTime()),
      nomination_id: id,
      type: 'approved',
      actor: `user:${actor.id}`,
      reason: null,
      data: JSON.stringify({ awardId }),
      created_at: at,
    });
    await onApproved?.(trx, approved);
  });
  return approved;
}

/** Declines a nomination with a reason kept for the record; a second decision is a 409. */
export async function declineNomination(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reason: string,
  onDeclined?: (trx: Transaction<Database>, nomination: Nomination) => Promise<void>,
): Promise<void> {
  const nomination = await findNomination(ctx.db, id);
  if (!nomination) throw notFound();
  assertCanReview(actor, nomination.workplace_id);
  const text = reason.trim();
  if (text.length < 2 || text.length > 1000) throw new AppError('validation', 400, 'error.validation', { reason: 'review.reasonLength' });
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await transitionNomination(trx, id, ['submitted'], 'declined', at))) throw conflict(nomination.status);
    await appendEvent(trx, {
      id: newId(),
      nomination_id: id,
      type: 'declined',
      actor: `user:${actor.id}`,
      reason: text,
      data: null,
      created_at: at,
    });
    await onDeclined?.(trx, nomination);
  });
}

/** The nominator withdraws their nomination through their private link, while it waits for review. */
export async function withdrawNomination(ctx: AppContext, withdrawToken: string): Promise<Nomination> {
  const nomination = await findNominationByWithdrawToken(ctx.db, withdrawToken);
  if (!nomination) throw notFound();
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await transitionNomination(trx, nomination.id, ['submitted'], 'withdrawn', at))) throw conflict(nomination.status);
    await appendEvent(trx, {
      id: newId(),
      nomination_id: nomination.id,
      type: 'withdrawn',
      actor: 'nominator',
      reason: null,
      data: null,
      created_at: at,
    });
  });
  return { ...nomination, status: 'withdrawn' };
}

/** Attaches a nomination made for a business not on the platform to the workplace it now has (admin). */
export async function attachToWorkplace(ctx: AppContext, actor: Actor, id: string, workplaceSlug: string): Promise<void> {
  assertAdmin(actor);
  const [nomination, workplace] = await Promise.all([findNomination(ctx.db, id), findWorkplaceBySlug(ctx.db, workplaceSlug)]);
  if (!nomination) throw notFound();
  if (!workplace) throw new AppError('validation', 400, 'error.validation', { workplace: 'validation.workplaceUnknown' });
  if (nomination.workplace_id !== null) throw new AppError('conflict', 409, 'review.alreadyAttached');
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('nominations')
      .set({ workplace_id: workplace.id, updated_at: at })
      .where('id', '=', id)
      .where('workplace_id', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict', 409, 'review.alreadyAttached');
    await appendEvent(trx, {
      id: newId(),
      nomination_id: id,
      type: 'attached',
      actor: `user:${actor.id}`,
      reason: null,
      data: JSON.stringify({ workplace: workplace.slug }),
      created_at: at,
    });
  });
}

/** Makes a new claim link for an award not yet claimed; the old link stops working. */
export async function reissueClaimLink(
  ctx: AppContext,
  actor: Actor,
  awardId: string,
): Promise<{ claimUrl: string; claimToken: string; claimExpiresAt: string; awardId: string; nominationId: string }> {
  const award = await ctx.db.selectFrom('awards').selectAll().where('id', '=', awardId).executeTakeFirst();
  if (!award) throw notFound();
  assertCanReview(actor, award.workplace_id);
  if (award.status !== 'approved') throw new AppError('conflict', 409, 'review.alreadyClaimed');
  const now = ctx.clock.now();
  const claimToken = newToken();
  const claimExpiresAt = addDays(now, CLAIM_LINK_DAYS).toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('awards')
      .set({ claim_token_hash: sha256Hex(claimToken), claim_expires_at: claimExpiresAt, updated_at: now.toISOString() })
      .where('id', '=', awardId)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict', 409, 'review.alreadyClaimed');
    await appendEvent(trx, {
      id: newId(),
      nomination_id: award.nomination_id,
      type: 'claim_link_reissued',
      actor: `user:${actor.id}`,
      reason: null,
      data: null,
      created_at: now.toISOString(),
    });
  });
  return { claimUrl: claimUrl(ctx, claimToken), claimToken, claimExpiresAt, awardId, nominationId: award.nomination_id };
}

function claimUrl(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/claim/${token}`;
}

function conflict(status: string): AppError {
  return new AppError('conflict', 409, status === 'submitted' ? 'review.changedMeanwhile' : 'review.alreadyDecided');
}
