import { evidenceOf } from '../../claims/award-texts.ts';
import { awardUrls } from '../../claims/award-urls.ts';
import type { AppContext } from '../../context.ts';
import { precompile, type Slots } from '../../db/connect.ts';
import { isLang } from '../../i18n/index.ts';
import { buildAssertion, buildRevokedAssertion } from './ob2-documents.ts';

// What the hosted assertion is made of, and nothing more (the signed 3.0 credential on the award's
// row is kilobytes long): precompiled, since every verifier asks for it.
const assertionSource = precompile({ id: true }, (db, slots: Slots<{ id: string }>) =>
  db
    .selectFrom('awards')
    .innerJoin('nominations', 'nominations.id', 'awards.nomination_id')
    .leftJoin('workplaces', 'workplaces.id', 'awards.workplace_id')
    .select([
      'awards.id',
      'awards.status',
      'awards.lang',
      'awards.category_slug',
      'awards.issued_on',
      'awards.revocation_reason',
      'awards.recipient_identity',
      'awards.recipient_salt',
      'awards.staff_first_name',
      'awards.moment_date',
      'awards.show_story',
      'nominations.story',
      'nominations.public_story_consent',
      'nominations.moment_place',
      'workplaces.name as workplace_name',
    ])
    .where('awards.id', '=', slots.id),
);

/**
 * The hosted Assertion of an award as this instance serves it now: the full document once
 * claimed, the bare revoked form once withdrawn, nothing before the claim.
 */
export async function hostedAssertion(ctx: AppContext, awardId: string) {
  const [award] = await assertionSource(ctx.db, { id: awardId });
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
