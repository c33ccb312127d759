import { findAwardDetails } from '../../claims/award-queries.ts';
import { evidenceOf } from '../../claims/award-texts.ts';
import { awardUrls } from '../../claims/award-urls.ts';
import type { AppContext } from '../../context.ts';
import { isLang } from '../../i18n/index.ts';
import { buildAssertion, buildRevokedAssertion } from './ob2-documents.ts';

/**
 * The hosted Assertion of an award as this instance serves it now: the full document once
 * claimed, the bare revoked form once withdrawn, nothing before the claim.
 */
export async function hostedAssertion(ctx: AppContext, awardId: string) {
  const award = await findAwardDetails(ctx.db, awardId);
  if (!award || !award.issued_on) return null;
  if (award.status === 'revoked' || award.status === 'erased') {
    return buildRevokedAssertion(ctx.config.publicUrl, award.id, award.revocation_reason ?? '');
  }
  if (award.status !== 'claimed' || !award.recipient_identity || !award.recipient_salt) return null;
  const lang = isLang(award.lang) ? award.lang : 'fr';
  return buildAssertion(ctx.config.publicUrl, {
    awardId: award.id,
    categorySlug: award.category_slug,
    lang,
    recipientIdentity: award.recipient_identity,
    recipientSalt: award.recipient_salt,
    issuedOn: award.issued_on,
    imageUrl: awardUrls(ctx.config.publicUrl, award.id).imageUrl,
    evidence: evidenceOf(award, lang),
  });
}
