import type { Category } from '../../db/database.ts';
import { LANG_TAGS, type Lang } from '../../i18n/index.ts';

export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

/** Every Open Badges 2.0 id is built from PUBLIC_URL, so host and port agree across issuer, badge and assertion. */
export function ob2Urls(publicUrl: string) {
  return {
    issuer: `${publicUrl}/ob2/issuer`,
    /** One BadgeClass per category and language; French is the plain URL. */
    badgeClass: (slug: string, lang: Lang) => `${publicUrl}/ob2/badges/${slug}${lang === 'en' ? '?lang=en' : ''}`,
    criteria: (slug: string, lang: Lang) => `${publicUrl}/ob2/badges/${slug}${lang === 'en' ? '?lang=en' : ''}#criteria`,
    badgeImage: (slug: string) => `${publicUrl}/ob2/badges/${slug}/image.svg`,
    assertion: (awardId: string) => `${publicUrl}/ob2/assertions/${awardId}`,
  };
}

export type IssuerInfo = { name: string; url: string; email: string };

/** The Issuer Profile: id, name, url and email (the specification requires email; Élan always serves it). */
export function buildIssuer(publicUrl: string, issuer: IssuerInfo) {
  return {
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: ob2Urls(publicUrl).issuer,
    name: issuer.name,
    url: issuer.url,
    email: issuer.email,
  };
}

/** The BadgeClass of a category in one language: name, description, criteria narrative, image, issuer. */
export function buildBadgeClass(publicUrl: string, category: Category, lang: Lang) {
  const urls = ob2Urls(publicUrl);
  return {
    '@context': OB2_CONTEXT,
    type: 'BadgeClass',
    id: urls.badgeClass(category.slug, lang),
    '@language': LANG_TAGS[lang],
    name: lang === 'fr' ? category.name_fr : category.name_en,
    description: lang === 'fr' ? category.description_fr : category.description_en,
    image: urls.badgeImage(category.slug),
    criteria: { narrative: lang === 'fr' ? category.criteria_fr : category.criteria_en },
    issuer: urls.issuer,
    tags: ['service', category.slug],
  };
}

export type AssertionInput = {
  awardId: string;
  categorySlug: string;
  lang: Lang;
  recipientIdentity: string;
  recipientSalt: string;
  /** ISO 8601 with a timezone. */
  issuedOn: string;
  /** The personalised badge image, served by this instance. */
  imageUrl: string;
  evidence: { name: string; description: string; narrative: string | null };
};

/** A hosted Assertion: the recipient's hashed, salted email, the badge class, the moment as evidence. */
export function buildAssertion(publicUrl: string, input: AssertionInput) {
  const urls = ob2Urls(publicUrl);
  return {
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id: urls.assertion(input.awardId),
    recipient: { type: 'email', hashed: true, salt: input.recipientSalt, identity: input.recipientIdentity },
    badge: urls.badgeClass(input.categorySlug, input.lang),
    verification: { type: 'hosted' },
    issuedOn: input.issuedOn,
    image: input.imageUrl,
    evidence: [
      {
        name: input.evidence.name,
        description: input.evidence.description,
        ...(input.evidence.narrative ? { narrative: input.evidence.narrative } : {}),
      },
    ],
  };
}

/** What a withdrawn assertion says: revoked, why, and nothing about the person. */
export function buildRevokedAssertion(publicUrl: string, awardId: string, reason: string) {
  return { '@context': OB2_CONTEXT, type: 'Assertion', id: ob2Urls(publicUrl).assertion(awardId), revoked: true, revocationReason: reason };
}

/** A hosted Assertion as served: the full document, or the revoked form once withdrawn. */
export type HostedAssertion = ReturnType<typeof buildAssertion> | ReturnType<typeof buildRevokedAssertion>;

/** A simple emblem for a category's BadgeClass: a disc in its colour with its initial. */
export function categoryEmblemSvg(category: Category): string {
  const initial = [...category.name_fr.normalize('NFC')][0]?.toUpperCase() ?? '★';
  const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200"><title>${escapeXml(category.name_fr)} / ${escapeXml(category.name_en)}</title><circle cx="100" cy="100" r="96" fill="${category.color}"/><circle cx="100" cy="100" r="80" fill="none" stroke="#fff" stroke-width="4" opacity=".7"/><text x="100" y="128" text-anchor="middle" font-family="sans-serif" font-size="84" font-weight="700" fill="#fff">${escapeXml(initial)}</text></svg>`;
}
