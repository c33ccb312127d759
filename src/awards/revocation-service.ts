import { z } from 'zod';
import { type Actor, assertCanReview } from '../auth/actor.ts';
import type { AppContext } from '../context.ts';
import { setStatusRevoked, signedStatusList } from '../credentials/ob3/status-list.ts';
import type { Award } from '../db/database.ts';
import { emptyWriteAheadLog } from '../db/write-ahead-log.ts';
import { translator } from '../i18n/index.ts';
import { AppError, notFound } from '../lib/errors.ts';
import { sha256Hex } from '../lib/ids.ts';
import { msg, parseInput } from '../lib/validation.ts';
import { type EventActor, recordAwardWithdrawn } from '../nominations/nomination-lifecycle.ts';
import { loadAwardIssuer } from './award-credentials.ts';
import { findAward, findAwardByManageHash, markAwardWithdrawn } from './award-queries.ts';
import { awardUrls } from './award-urls.ts';

const reasonSchema = z.object({
  reason: z.string(msg('awards.revokeReason')).trim().min(2, msg('awards.revokeReason')).max(500, msg('awards.revokeReason')),
});

/**
 * Withdraws an award: its hosted 2.0 assertion says revoked with the reason, and its 3.0 status bit is set, in one
 * transaction, so the two never disagree. The list's credential is re-signed after the commit, on the pool, so no
 * write waits for a signature; until then (or if this process stops first) whoever reads the list re-signs it.
 */
async function withdraw(ctx: AppContext, award: Award, to: 'revoked' | 'erased', actor: EventActor, reason: string): Promise<void> {
  if (award.status !== 'approved' && award.status !== 'claimed') throw new AppError('conflict', 409, 'awards.notRevocable');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const entry = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markAwardWithdrawn(trx, award, to, reason, at))) throw new AppError('conflict', 409, 'awards.notRevocable');
    const credentialId = awardUrls(ctx.config.publicUrl, award.id).ob3CredentialUrl;
    const bit = award.status === 'claimed' ? await setStatusRevoked(trx, credentialId, true, now) : null;
    await recordAwardWithdrawn(trx, award.nomination_id, to, { actor, reason, at: now });
    return bit;
  });
  if (entry) {
    const issuer = async () => (await loadAwardIssuer(ctx)).statusLists;
    await signedStatusList(ctx.db, issuer, { id: entry.listId }, now).catch((error: unknown) =>
      ctx.logger.warn('status list not re-signed after a revocation; its next reader re-signs it', { error: String(error) }),
    );
  }
}

/** A reviewer revokes an award of their workplace, with a reason. */
export async function revokeAward(ctx: AppContext, actor: Actor | null, awardId: string, rawReason: unknown): Promise<void> {
  const award = await findAward(ctx.db, awardId);
  if (!award) throw notFound();
  assertCanReview(actor, award.workplace_id);
  const { reason } = parseInput(reasonSchema, { reason: rawReason });
  await withdraw(ctx, award, 'revoked', `user:${actor.id}`, reason);
}

/**
 * The employee deletes their badge through their private link. What tied it to them is overwritten,
 * and on SQLite the write-ahead log is emptied too, so no older copy of a page keeps it (nor their
 * address, forgotten when their mail left).
 */
export async function eraseAward(ctx: AppContext, manageToken: string): Promise<void> {
  const award = await findAwardByManageHash(ctx.db, sha256Hex(manageToken));
  if (!award) throw notFound();
  await withdraw(ctx, award, 'erased', 'employee', translator(award.lang === 'en' ? 'en' : 'fr')('awards.erasedReason'));
  if (!(await emptyWriteAheadLog(ctx.db, ctx.dialect))) {
    ctx.logger.warn('after an erasure, a reader kept part of the write-ahead log; the next checkpoint empties it');
  }
}
