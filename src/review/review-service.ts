import { type Actor, assertAdmin, assertCanReview } from '../auth/actor.ts';
import { renderAwardImages } from '../awards/award-images.ts';
import { findAward, findAwardOfNomination, insertAward, replaceClaimLink } from '../awards/award-queries.ts';
import type { AppContext } from '../context.ts';
import type { Nomination } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';
import { addDays } from '../lib/clock.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { newId, newToken, sha256Hex } from '../lib/ids.ts';
import { notifyApproved, notifyDeclined, sendClaimLink } from '../mail/notifications.ts';
import type { NominationStatus } from '../nominations/nomination-lifecycle.ts';
import * as lifecycle from '../nominations/nomination-lifecycle.ts';
import { findNomination } from '../nominations/nomination-queries.ts';
import { nominationNames } from '../nominations/nomination-service.ts';
import { findWorkplaceBySlug } from '../workplaces/workplace-queries.ts';
import { findNominationsByIds, listEvents, type NominationRow, queryNominations } from './review-queries.ts';

export const CLAIM_LINK_DAYS = 90;
const PAGE_SIZE = 50;

export type QueueFilter = {
  status?: NominationStatus | undefined;
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
  const [events, award] = await Promise.all([listEvents(ctx.db, id), findAwardOfNomination(ctx.db, id)]);
  return { nomination, events, award: award ?? null };
}

export type ApprovedAward = { id: string; claimUrl: string; claimToken: string; claimExpiresAt: string; nomination: Nomination };

/**
 * Approves a nomination: the award exists from now on, with a private claim link (random, stored
 * hashed, expiring), mailed to the employee when the reviewer gives their address; the nominator is
 * told; the award's images are drawn after the response. Approving twice, or approving a declined
 * nomination, is a 409.
 */
export async function approveNomination(
  ctx: AppContext,
  actor: Actor,
  id: string,
  options: { employeeEmail?: string | null } = {},
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
    await lifecycle.approve(trx, nomination, awardId, { actor: `user:${actor.id}`, at: now });
    await insertAward(trx, {
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
    });
    await notifyApproved(ctx, trx, nomination, nominationNames(trx, nomination), approved, options.employeeEmail ?? null);
  });
  // Enqueueing woke the mailer already; once more now that the mail is committed and visible to it.
  ctx.mailer.nudge();
  ctx.later('rendering badge images', () => renderAwardImages(ctx, awardId));
  return approved;
}

/**
 * Declines a nomination with a reason kept for the record, telling the nominator (with the reason
 * if `shareReason`); a second decision is a 409.
 */
export async function declineNomination(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reason: string,
  options: { shareReason?: boolean } = {},
): Promise<void> {
  const nomination = await findNomination(ctx.db, id);
  if (!nomination) throw notFound();
  assertCanReview(actor, nomination.workplace_id);
  const text = declineReason(reason);
  await ctx.db.transaction().execute(async (trx) => {
    await lifecycle.decline(trx, nomination, text, { actor: `user:${actor.id}`, at: ctx.clock.now() });
    await notifyDeclined(ctx, trx, nomination, options.shareReason ? reason : null);
  });
  ctx.mailer.nudge();
}

/** The most nominations declined as spam in one action. */
export const SPAM_BATCH_MAX = 100;

/**
 * Declines several nominations as spam in one action, all or none: each must exist (else 404),
 * be the actor's to review (else 403) and still wait for review (else 409). Each gets its own
 * `declined` event with the reason, marked as spam. Nobody is mailed: a spammer's "nominator"
 * address is as likely someone else's, and telling it would make Élan the spammer's relay.
 * Returns the ids declined, each once.
 */
export async function declineAsSpam(ctx: AppContext, actor: Actor, ids: readonly string[], reason: string): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > SPAM_BATCH_MAX) throw new AppError('validation', 400, 'error.validation', { ids: 'spam.ids' });
  const text = declineReason(reason);
  const nominations = await findNominationsByIds(ctx.db, unique);
  if (nominations.length !== unique.length) throw notFound();
  for (const nomination of nominations) assertCanReview(actor, nomination.workplace_id);
  const step = { actor: `user:${actor.id}` as const, at: ctx.clock.now(), data: { spam: true } };
  await ctx.db.transaction().execute(async (trx) => {
    for (const nomination of nominations) await lifecycle.decline(trx, nomination, text, step);
  });
  return unique;
}

/** A decline's reason, trimmed, or the 400 naming the field `reason`. */
function declineReason(reason: string): string {
  const text = reason.trim();
  if (text.length < 2 || text.length > 1000) throw new AppError('validation', 400, 'error.validation', { reason: 'review.reasonLength' });
  return text;
}

/** Attaches a nomination made for a business not on the platform to the workplace it now has (admin). */
export async function attachToWorkplace(ctx: AppContext, actor: Actor, id: string, workplaceSlug: string): Promise<void> {
  assertAdmin(actor);
  const [nomination, workplace] = await Promise.all([findNomination(ctx.db, id), findWorkplaceBySlug(ctx.db, workplaceSlug)]);
  if (!nomination) throw notFound();
  if (!workplace) throw new AppError('validation', 400, 'error.validation', { workplace: 'validation.workplaceUnknown' });
  if (nomination.workplace_id !== null) throw new AppError('conflict', 409, 'review.alreadyAttached');
  await ctx.db.transaction().execute((trx) => lifecycle.attach(trx, id, workplace, { actor: `user:${actor.id}`, at: ctx.clock.now() }));
}

export type ReissuedClaimLink = { claimUrl: string; claimToken: string; claimExpiresAt: string; awardId: string; nominationId: string };

/**
 * Makes a new claim link for an award not yet claimed, mailed to the employee if their address is
 * given; the old link stops working.
 */
export async function reissueClaimLink(
  ctx: AppContext,
  actor: Actor,
  awardId: string,
  mailTo?: { email: string; lang: Lang } | null,
): Promise<ReissuedClaimLink> {
  const award = await findAward(ctx.db, awardId);
  if (!award) throw notFound();
  assertCanReview(actor, award.workplace_id);
  if (award.status !== 'approved') throw new AppError('conflict', 409, 'review.alreadyClaimed');
  const now = ctx.clock.now();
  const claimToken = newToken();
  const claimExpiresAt = addDays(now, CLAIM_LINK_DAYS).toISOString();
  const link = { claimUrl: claimUrl(ctx, claimToken), claimToken, claimExpiresAt, awardId, nominationId: award.nomination_id };
  await ctx.db.transaction().execute(async (trx) => {
    const replaced = await replaceClaimLink(trx, awardId, {
      tokenHash: sha256Hex(claimToken),
      expiresAt: claimExpiresAt,
      at: now.toISOString(),
    });
    if (!replaced) throw new AppError('conflict', 409, 'review.alreadyClaimed');
    await lifecycle.recordClaimLinkReissued(trx, award.nomination_id, { actor: `user:${actor.id}`, at: now });
  });
  if (mailTo) {
    // After the commit, as before: a mail that fails to queue leaves the new link in place.
    const nomination = await findNomination(ctx.db, award.nomination_id);
    if (!nomination) throw notFound();
    await sendClaimLink(ctx, ctx.db, nomination, nominationNames(ctx.db, nomination), link, mailTo);
  }
  return link;
}

function claimUrl(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/claim/${token}`;
}
