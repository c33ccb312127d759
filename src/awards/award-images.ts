import { TEMPLATE_VERSION } from '../../templates/index.ts';
import { type BadgeImage, findImage, type ImageKind, saveImage } from '../badges/image-store.ts';
import { QUOTE_MAX_CHARS, quoteFrom } from '../badges/render.ts';
import type { AppContext } from '../context.ts';
import type { Lang } from '../i18n/index.ts';
import { type AwardDetails, findAwardDetails } from './award-queries.ts';
import { categoryTexts, storyIsPublic } from './award-texts.ts';

/** The template version an award's image is drawn with: the share card's follows the story choice, since its quote does. */
export function imageVersion(kind: ImageKind, award: Pick<AwardDetails, 'public_story_consent' | 'show_story'>): number {
  return kind === 'card' ? TEMPLATE_VERSION * 10 + (storyIsPublic(award) ? 1 : 0) : TEMPLATE_VERSION;
}

/**
 * The stored image of an award, rendered and stored first if it is missing or was drawn by an
 * older template version. Serving is then a read. Requests that find it missing together share
 * one drawing; the stored row is read inside it, so a request arriving just after finds it there.
 */
export async function awardImage(ctx: AppContext, award: AwardDetails, kind: ImageKind, lang: Lang): Promise<BadgeImage> {
  const version = imageVersion(kind, award);
  return ctx.caches.drawings.share(`${kind} ${award.id} ${lang} ${version}`, async () => {
    const stored = await findImage(ctx.db, award.id, kind, lang);
    if (stored && stored.template_version === version) return stored;
    const data = {
      firstName: award.staff_first_name,
      categoryName: categoryTexts(award, lang).name,
      workplaceName: award.workplace_name ?? '',
      momentDate: award.moment_date,
      issuerName: ctx.config.issuer.name,
      lang,
      categorySlug: award.category_slug,
      categoryColor: award.color,
    };
    // Drawn on the pool's worker threads, so other requests are answered meanwhile.
    const png = await ctx.pool.draw(
      kind === 'badge'
        ? { kind: 'badge', input: data }
        : { kind: 'card', input: { ...data, quote: storyIsPublic(award) ? quoteFrom(award.story, QUOTE_MAX_CHARS) : null } },
    );
    return saveImage(ctx.db, {
      award_id: award.id,
      kind,
      lang,
      template_version: version,
      png: Buffer.from(png),
      created_at: ctx.clock.now().toISOString(),
    });
  });
}

/** Renders an award's badge and share card in its language as soon as it exists. */
export async function renderAwardImages(ctx: AppContext, awardId: string): Promise<void> {
  const award = await findAwardDetails(ctx.db, awardId);
  if (!award) return;
  const lang: Lang = award.lang === 'en' ? 'en' : 'fr';
  await awardImage(ctx, award, 'badge', lang);
  await awardImage(ctx, award, 'card', lang);
}
