import type { AppContext } from '../context.ts';
import { buildAssertion, buildRevokedAssertion } from '../credentials/ob2/ob2-documents.ts';
import { isLang } from '../i18n/index.ts';
import { type AssertionSource, findAssertionSource } from './award-queries.ts';
import { evidenceOf } from './award-texts.ts';
import { awardUrls } from './award-urls.ts';

/** The document an award's row makes: the full assertion once claimed, the revoked form once withdrawn, null before the claim. */
function assertionOf(publicUrl: string, award: AssertionSource) {
  if (!award.issued_on) return null;
  if (award.status === 'revoked' || award.status === 'erased') {
    return buildRevokedAssertion(publicUrl, award.id, award.revocation_reason ?? '');
  }
  if (award.status !== 'claimed' || !award.recipient_identity || !award.recipient_salt) return null;
  const lang = isLang(award.lang) ? award.lang : 'fr';
  return buildAssertion(publicUrl, {
    awardId: award.id,
    categorySlug: award.category_slug,
    lang,
    recipientIdentity: award.recipient_identity,
    recipientSalt: award.recipient_salt,
    issuedOn: award.issued_on,
    imageUrl: awardUrls(publicUrl, award.id).imageUrl,
    evidence: evidenceOf(award, lang),
  });
}

/** The hosted Assertion of an award as this instance serves it now, or null (no such award, or not yet claimed). */
export async function hostedAssertion(ctx: AppContext, awardId: string) {
  const award = await findAssertionSource(ctx.db, awardId);
  return award ? assertionOf(ctx.config.publicUrl, award) : null;
}

/**
 * The hosted Assertion as the JSON text served, or null. The text is a pure function of the rows read
 * (and of PUBLIC_URL and this code): the context keeps each award's text with its revision
 * (revision-cache.ts), so a verifier asking again costs one read of an integer, and a revocation, a
 * story hidden, a workplace renamed, in any process, makes the text again at the next request.
 */
export async function hostedAssertionText(ctx: AppContext, awardId: string): Promise<string | null> {
  const publicUrl = ctx.config.publicUrl;
  const text = await ctx.caches.assertionTexts.read(ctx.db, awardId, `${publicUrl} ${awardId}`, async () => {
    const award = await findAssertionSource(ctx.db, awardId);
    if (!award) return undefined;
    const document = assertionOf(publicUrl, award);
    return { revision: award.revision, value: document ? JSON.stringify(document) : null };
  });
  return text ?? null;
}
