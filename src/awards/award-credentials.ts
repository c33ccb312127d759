import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { ob2Urls } from '../credentials/ob2/ob2-documents.ts';
import { buildOpenBadgeCredential, hashEmail } from '../credentials/ob3/credential.ts';
import { loadOb3Issuer, type Ob3Issuer } from '../credentials/ob3/ob3-issuer.ts';
import { reserveStatusIndex } from '../credentials/ob3/status-list.ts';
import { bakePng } from '../credentials/png-chunks.ts';
import { LANG_TAGS, type Lang } from '../i18n/index.ts';
import { awardImage } from './award-images.ts';
import type { AwardDetails, ClaimedAwardValues } from './award-queries.ts';
import { categoryTexts, evidenceOf } from './award-texts.ts';
import { awardUrls } from './award-urls.ts';
import { hostedAssertion } from './hosted-assertion.ts';
import { recipientKey } from './recipient-key.ts';

/** What the employee chose when claiming, and the hashes of the claim link used and of the new private link. */
export type AwardClaim = {
  email: string;
  lang: Lang;
  showStory: boolean;
  publicPage: boolean;
  claimTokenHash: string;
  manageTokenHash: string;
};

/** The issuer that signs awards' credentials, read afresh for each claim (another process may have rotated the key). */
export function loadAwardIssuer(ctx: AppContext): Promise<Ob3Issuer> {
  return loadOb3Issuer(ctx.db, ctx.config.publicUrl, ctx.pool, ctx.clock);
}

/**
 * Makes a claim's signed 3.0 credential with no write transaction open while it is signed: its status entry is
 * reserved first in a short transaction of its own, keyed by the credential's URL (the award's), so a claim tried
 * again after a failure gets the same entry. Returns what claiming writes on the award's row: the chosen email
 * hashed with a salt of its own (what its hosted 2.0 assertion shows), the choices, and the signed credential.
 */
export async function prepareAwardCredentials(
  ctx: AppContext,
  issuer: Ob3Issuer,
  award: AwardDetails,
  claim: AwardClaim,
  now: Date,
): Promise<ClaimedAwardValues> {
  const issuedOn = now.toISOString();
  const salt = randomBytes(16).toString('hex');
  const urls = awardUrls(ctx.config.publicUrl, award.id);
  const lang = claim.lang;
  const category = categoryTexts(award, lang);
  const chosen = { ...award, show_story: claim.showStory ? 1 : 0, public_page: claim.publicPage ? 1 : 0 };

  const status = await reserveStatusIndex(ctx.db, issuer.statusLists, urls.ob3CredentialUrl, now);
  const credential = buildOpenBadgeCredential({
    id: urls.ob3CredentialUrl,
    name: category.name,
    issuer: { id: issuer.did, ...ctx.config.issuer },
    validFrom: issuedOn,
    recipient: { email: claim.email, salt },
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
  return {
    issued_on: issuedOn,
    recipient_identity: hashEmail(claim.email, salt),
    recipient_salt: salt,
    recipient_key: recipientKey(ctx.hashKey, claim.email),
    public_page: chosen.public_page,
    show_story: chosen.show_story,
    lang,
    manage_token_hash: claim.manageTokenHash,
    ob3_credential: JSON.stringify(signed),
    updated_at: issuedOn,
  };
}

/**
 * The badge PNG a claimed award's employee downloads: the drawn badge with both credentials baked in
 * (its hosted 2.0 assertion and its signed 3.0 credential, as stored), and the drawing's content hash.
 */
export async function bakedBadgePng(
  ctx: AppContext,
  award: AwardDetails,
  ob3Credential: string,
  lang: Lang,
): Promise<{ png: Uint8Array; contentHash: string }> {
  const [image, assertion] = await Promise.all([awardImage(ctx, award, 'badge', lang), hostedAssertion(ctx, award.id)]);
  const png = bakePng(image.png, { openbadges: JSON.stringify(assertion), openbadgecredential: ob3Credential });
  return { png, contentHash: image.content_hash };
}
