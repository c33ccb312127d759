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

type AssertionSource = Awaited<ReturnType<typeof assertionSource>>[number];

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
  const [award] = await assertionSource(ctx.db, { id: awardId });
  return award ? assertionOf(ctx.config.publicUrl, award) : null;
}

// The text served is a pure function of the row read (and of PUBLIC_URL and this code): a process
// remembers, for each award, the row it last made a text from and that text, so a verifier asking
// again costs the read and a comparison of its columns. It cannot go stale: the row is read at
// every request, and a row changed in any way (revoked, its story hidden, the workplace renamed)
// makes the text again. Compared column by column rather than keyed by the row's JSON, which cost
// a stringify and the hashing of a story-long key at every request. Oldest out first past
// DOCUMENTS_KEPT, a few KB each.
const documents = new Map<string, { publicUrl: string; row: AssertionSource; text: string | null }>();
const DOCUMENTS_KEPT = 2000;

/** Whether two reads of an award's row hold the same values. */
function sameRow(a: AssertionSource, b: AssertionSource): boolean {
  for (const column in b) {
    if (a[column as keyof AssertionSource] !== b[column as keyof AssertionSource]) return false;
  }
  return true;
}

/** The hosted Assertion as the JSON text served, or null. */
export async function hostedAssertionText(ctx: AppContext, awardId: string): Promise<string | null> {
  const [award] = await assertionSource(ctx.db, { id: awardId });
  if (!award) return null;
  const publicUrl = ctx.config.publicUrl;
  const known = documents.get(award.id);
  if (known && known.publicUrl === publicUrl && sameRow(known.row, award)) return known.text;
  const document = assertionOf(publicUrl, award);
  const text = document ? JSON.stringify(document) : null;
  documents.delete(award.id);
  if (documents.size >= DOCUMENTS_KEPT) documents.delete(documents.keys().next().value!);
  documents.set(award.id, { publicUrl, row: award, text });
  return text;
}
