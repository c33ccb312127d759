import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type AwardDetails, findAwardByClaimHash, findAwardDetails } from '../awards/award-queries.ts';
import { categoryTexts, evidenceOf } from '../awards/award-texts.ts';
import { awardUrls } from '../awards/award-urls.ts';
import type { AppContext } from '../context.ts';
import { ob2Urls } from '../credentials/ob2/ob2-documents.ts';
import { buildOpenBadgeCredential, hashEmail } from '../credentials/ob3/credential.ts';
import { loadOb3Issuer } from '../credentials/ob3/ob3-issuer.ts';
import { assignStatusIndex } from '../credentials/ob3/status-list.ts';
import { LANG_TAGS, type Lang } from '../i18n/index.ts';
import { AppError, type FieldErrors } from '../lib/errors.ts';
import { newId, newToken, sha256Hex } from '../lib/ids.ts';
import { enqueueMail } from '../mail/outbox.ts';
import * as templates from '../mail/templates.ts';
import { appendEvent } from '../nominations/nomination-queries.ts';
import { transitionNomination } from '../review/review-queries.ts';
import { linkedInAddUrl } from './share.ts';

const claimSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  publicPage: z.boolean(),
  showStory: z.boolean(),
  lang: z.enum(['fr', 'en']),
});

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
  const parsed = claimSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fields[key] = 'validation.unknownField';
    else {
      const key = String(issue.path[0] ?? '_');
      fields[key] ??= key === 'email' ? 'validation.email' : key === 'lang' ? 'validation.lang' : 'validation.boolean';
    }
  }
  throw new AppError('validation', 400, 'error.validation', fields);
}

export type ClaimedAward = Omit<ReturnType<typeof awardUrls>, 'manageUrl'> & {
  id: string;
  linkedInAddUrl: string;
  manageUrl: string;
  issuedOn: string;
};

/**
 * The employee claims: both credentials are minted now, bound to the email they chose (hashed with
 * a salt of the award's own), in the language they chose. Everything happens in one transaction;
 * a second claim finds the link used.
 */
export async function claimAward(ctx: AppContext, token: string, choices: ClaimChoices): Promise<ClaimedAward> {
  const award = await openClaim(ctx, token);
  const issuer = await loadOb3Issuer(ctx.db, ctx.config.publicUrl, ctx.caches.credentialSuites);
  const now = ctx.clock.now();
  const issuedOn = now.toISOString();
  const salt = randomBytes(16).toString('hex');
  const manageToken = newToken();
  const urls = awardUrls(ctx.config.publicUrl, award.id);
  const lang: Lang = choices.lang;
  const category = categoryTexts(award, lang);
  const chosen = { ...award, show_story: choices.showStory ? 1 : 0, public_page: choices.publicPage ? 1 : 0 };

  await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('awards')
      .set({
        // The claim link’s hash stays, so using the link again says "already claimed" rather than "unknown".
        status: 'claimed',
        issued_on: issuedOn,
        recipient_identity: hashEmail(choices.email, salt),
        recipient_salt: salt,
        public_page: chosen.public_page,
        show_story: chosen.show_story,
        lang,
        manage_token_hash: sha256Hex(manageToken),
        updated_at: issuedOn,
      })
      .where('id', '=', award.id)
      .where('status', '=', 'approved')
      .where('claim_token_hash', '=', sha256Hex(token))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('claim_used', 410, 'claim.used');

    const status = await assignStatusIndex(trx, issuer.statusLists, urls.ob3CredentialUrl, now);
    const credential = buildOpenBadgeCredential({
      id: urls.ob3CredentialUrl,
      name: category.name,
      issuer: { id: issuer.did, ...ctx.config.issuer },
      validFrom: issuedOn,
      recipient: { email: choices.email, salt },
      achievement: {
        id: `${ctx.config.publicUrl}/ob3/achievements/${award.category_slug}${lang === 'en' ? '?lang=en' : ''}`,
        name: category.name,
        description: category.description,
        criteriaNarrative: category.criteria,
        imageUrl: ob2Urls(ctx.config.publicUrl).badgeImage(award.category_slug),
        inLanguage: LANG_TAGS[lang],
      },
      evidence: evidenceOf(chosen, lang),
      status: { listUrl: status.listUrl, index: status.index },
    });
    const signed = await issuer.sign(credential);
    await trx
      .updateTable('awards')
      .set({ ob3_credential: JSON.stringify(signed) })
      .where('id', '=', award.id)
      .execute();

    await transitionNomination(trx, award.nomination_id, ['approved'], 'claimed', issuedOn);
    await appendEvent(trx, {
      id: newId(now.getTime()),
      nomination_id: award.nomination_id,
      type: 'claimed',
      actor: 'employee',
      reason: null,
      data: null,
      created_at: issuedOn,
    });
    const mail = templates.badgeClaimed(lang, {
      firstName: award.staff_first_name,
      categoryName: category.name,
      manageUrl: urls.manageUrl(manageToken),
    });
    // The employee's address is not kept once this mail leaves.
    await enqueueMail(trx, { to: choices.email, lang, template: 'badgeClaimed', ...mail, forgetAfterSending: true }, now);
  });
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
