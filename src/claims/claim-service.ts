import { z } from 'zod';
import { loadAwardIssuer, prepareAwardCredentials } from '../awards/award-credentials.ts';
import { type AwardDetails, findAwardByClaimHash, findAwardDetails, markAwardClaimed } from '../awards/award-queries.ts';
import { categoryTexts } from '../awards/award-texts.ts';
import { awardUrls } from '../awards/award-urls.ts';
import type { AppContext } from '../context.ts';
import type { Lang } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';
import { newToken, sha256Hex } from '../lib/ids.ts';
import { emailAddress, msg, parseInput } from '../lib/validation.ts';
import * as templates from '../mail/templates.ts';
import { recordClaim } from '../nominations/nomination-lifecycle.ts';
import { linkedInAddUrl } from './share.ts';

const claimSchema = z.strictObject(
  {
    email: emailAddress,
    publicPage: z.boolean(msg('validation.boolean')),
    showStory: z.boolean(msg('validation.boolean')),
    lang: z.enum(['fr', 'en'], msg('validation.lang')),
  },
  msg('validation.object'),
);

export type ClaimChoices = z.infer<typeof claimSchema>;

/** The award behind a claim link, if it can still be claimed; otherwise a clear 404 or 410. */
export async function openClaim(ctx: AppContext, token: string): Promise<AwardDetails> {
  const award = await findAwardByClaimHash(ctx.db, sha256Hex(token));
  if (!award) throw new AppError('claim_unknown', 404, 'claim.unknown');
  if (award.status === 'revoked' || award.status === 'erased') throw new AppError('claim_withdrawn', 410, 'claim.withdrawn');
  if (award.status !== 'approved') throw new AppError('claim_used', 410, 'claim.used');
  if (!award.claim_expires_at || award.claim_expires_at <= ctx.clock.now().toISOString())
    throw new AppError('claim_expired', 410, 'claim.expired');
  return (await findAwardDetails(ctx.db, award.id))!;
}

/** Parses the employee's choices; a bad field is a 400 naming it. */
export function parseClaimChoices(raw: unknown): ClaimChoices {
  return parseInput(claimSchema, raw);
}

export type ClaimedAward = Omit<ReturnType<typeof awardUrls>, 'manageUrl'> & {
  id: string;
  linkedInAddUrl: string;
  manageUrl: string;
  issuedOn: string;
};

/**
 * The employee claims: both credentials are minted now, bound to the email they chose (hashed with a salt of the
 * award's own), in the language they chose. The 3.0 credential is signed before the claim's transaction, which then
 * stores it, marks the award claimed, and writes the event and the mail only if the award still waits for this link:
 * a second claim at once, or a revocation meanwhile, leaves nothing written and gets the link's answer.
 */
export async function claimAward(ctx: AppContext, token: string, choices: ClaimChoices): Promise<ClaimedAward> {
  const award = await openClaim(ctx, token);
  const issuer = await loadAwardIssuer(ctx);
  const now = ctx.clock.now();
  const issuedOn = now.toISOString();
  const manageToken = newToken();
  const urls = awardUrls(ctx.config.publicUrl, award.id);
  const lang: Lang = choices.lang;
  const category = categoryTexts(award, lang);
  const claim = {
    email: choices.email,
    lang,
    showStory: choices.showStory,
    publicPage: choices.publicPage,
    claimTokenHash: sha256Hex(token),
    manageTokenHash: sha256Hex(manageToken),
  };
  // Signing holds no transaction: the database's writer (SQLite) and the award's row (PostgreSQL) stay free meanwhile.
  const values = await prepareAwardCredentials(ctx, issuer, award, claim, now);

  const stored = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markAwardClaimed(trx, award.id, claim.claimTokenHash, values))) return false;
    await recordClaim(trx, award.nomination_id, now);
    const mail = templates.badgeClaimed(lang, {
      firstName: award.staff_first_name,
      categoryName: category.name,
      manageUrl: urls.manageUrl(manageToken),
    });
    // The employee's address is not kept once this mail leaves.
    await ctx.mailer.enqueue(trx, { to: choices.email, lang, template: 'badgeClaimed', ...mail, forgetAfterSending: true });
    return true;
  });
  if (!stored) {
    // Claimed from another tab, withdrawn or given a new link while this claim was signed: the link now says which.
    await openClaim(ctx, token);
    throw new AppError('claim_used', 410, 'claim.used');
  }
  // Enqueueing woke the mailer already; once more now that the mail is committed and visible to it.
  ctx.mailer.nudge();

  return {
    id: award.id,
    ...urls,
    issuedOn,
    manageUrl: urls.manageUrl(manageToken),
    linkedInAddUrl: linkedInAddUrl({
      name: category.name,
      organizationName: ctx.config.issuer.name,
      issuedOn,
      certUrl: urls.pageUrl,
      certId: award.id,
    }),
  };
}
