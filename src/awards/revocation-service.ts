import { z } from 'zod';
import { type Actor, assertCanReview } from '../auth/actor.ts';
import type { AppContext } from '../context.ts';
import { loadOb3Issuer } from '../credentials/ob3/ob3-issuer.ts';
import { setStatusRevoked } from '../credentials/ob3/status-list.ts';
import type { Award } from '../db/database.ts';
import { translator } from '../i18n/index.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { sha256Hex } from '../lib/ids.ts';
import { msg, parseInput } from '../lib/validation.ts';
import { type EventActor, recordAwardWithdrawn } from '../nominations/nomination-lifecycle.ts';
import { findAward, findAwardByManageHash, markAwardWithdrawn } from './award-queries.ts';
import { awardUrls } from './award-urls.ts';

const reasonSchema = z.object({
  reason: z.string(msg('awards.revokeReason')).trim().min(2, msg('awards.revokeReason')).max(500, msg('awards.revokeReason')),
});

/**
 * Withdraws an award: its hosted 2.0 assertion says revoked with the reason, and its 3.0 status
 * bit is set and the list re-signed — in one transaction, so the two never disagree.
 */
async function withdraw(ctx: AppContext, award: Award, to: 'revoked' | 'erased', actor: EventActor, reason: string): Promise<void> {
  if (award.status !== 'approved' && award.status !== 'claimed') throw new AppError('conflict', 409, 'awards.notRevocable');
  const issuer = award.status === 'claimed' ? await loadOb3Issuer(ctx.db, ctx.config.publicUrl, ctx.caches.credentialSuites) : null;
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await markAwardWithdrawn(trx, award, to, reason, at))) throw new AppError('conflict', 409, 'awards.notRevocable');
    if (issuer) await setStatusRevoked(trx, issuer.statusLists, awardUrls(ctx.config.publicUrl, award.id).ob3CredentialUrl, true, now);
    await recordAwardWithdrawn(trx, award.nomination_id, to, { actor, reason, at: now });
  });
}

/** A reviewer revokes an award of their workplace, with a reason. */
export async function revokeAward(ctx: AppContext, actor: Actor | null, awardId: string, rawReason: unknown): Promise<void> {
  const award = await findAward(ctx.db, awardId);
  if (!award) throw notFound();
  assertCanReview(actor, award.workplace_id);
  const { reason } = parseInput(reasonSchema, { reason: rawReason });
  await withdraw(ctx, award, 'revoked', `user:${actor.id}`, reason);
}

/** The employee deletes their badge through their private link. */
export async function eraseAward(ctx: AppContext, manageToken: string): Promise<void> {
  const award = await findAwardByManageHash(ctx.db, sha256Hex(manageToken));
  if (!award) throw notFound();
  await withdraw(ctx, award, 'erased', 'employee', translator(award.lang === 'en' ? 'en' : 'fr')('awards.erasedReason'));
}
