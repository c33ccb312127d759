import type { Context } from 'hono';
import { Hono } from 'hono';
import { bakedBadgePng } from '../awards/award-credentials.ts';
import { awardImage, imageVersion } from '../awards/award-images.ts';
import { type AwardDetails, findAwardDetails } from '../awards/award-queries.ts';
import { categoryTexts, storyIsPublic } from '../awards/award-texts.ts';
import { awardUrls } from '../awards/award-urls.ts';
import { findServableImage, type ImageKind, type ServableImage } from '../badges/image-store.ts';
import type { AppContext } from '../context.ts';
import { type AppEnv, pageProps } from '../http/env.ts';
import { requestHeader } from '../http/node-message.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import { notFound } from '../lib/errors.ts';
import { formatDate } from '../lib/format.ts';
import { Layout } from '../views/layout.tsx';
import { ShareKit } from './claim-pages.tsx';
import { kitFor } from './claim-routes.tsx';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Sends a stored PNG with its content hash as ETag, answering 304 when the client has it. Plain headers, and If-None-Match read off Node's message: the fast path's cost. */
function sendPng(c: Context, png: Uint8Array, etag: string, cacheControl: string, filename?: string) {
  const tag = `"${etag}"`;
  const headers: Record<string, string> = { ETag: tag, 'Cache-Control': cacheControl, 'X-Content-Type-Options': 'nosniff' };
  if (requestHeader(c, 'if-none-match') === tag) return new Response(null, { status: 304, headers });
  headers['Content-Type'] = 'image/png';
  if (filename) headers['Content-Disposition'] = `attachment; filename="${filename}"`;
  return new Response(png as Uint8Array<ArrayBuffer>, { headers });
}

/** A file name a person recognises: elan-<category>-<first name>.png, in plain ASCII. */
function downloadName(award: AwardDetails, extension: string): string {
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
  return `elan-${award.category_slug}-${ascii(award.staff_first_name) || award.id}.${extension}`;
}

const claimed = (award: { status: string; issued_on: string | null }) => award.status === 'claimed' && award.issued_on !== null;

/** The two drawn images of an award: the badge, in the language asked for; the share card, in the award's own, once claimed. */
const IMAGE_PATHS = { badge: '/b/:id/image.png', card: '/b/:id/card.png' } as const satisfies Record<ImageKind, string>;

/** Whether the stored image found may be served as it is: the award shows it, and it was drawn for the award as it is now. */
function isCurrent(kind: ImageKind, found: ServableImage): found is ServableImage & { image_lang: string; content_hash: string } {
  if (found.status === 'erased' || (kind === 'card' && !claimed(found))) return false;
  return found.image_lang !== null && found.content_hash !== null && found.template_version === imageVersion(kind, found);
}

/**
 * The stored badge and share card, answered ahead of the middleware (see createApp): one
 * precompiled query and the bytes (cached by hash). Anything else (no such award, an image not
 * yet drawn or drawn for an older template or story choice) falls through to the full routes below.
 */
export function badgeImageRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  const { servableImages, badgePngs } = ctx.caches;
  for (const kind of ['badge', 'card'] as const) {
    app.get(IMAGE_PATHS[kind], async (c, next) => {
      const id = c.req.param('id');
      const asked = kind === 'badge' ? c.req.query('lang') : undefined;
      const found = await findServableImage(ctx.db, servableImages, id, kind, isLang(asked) ? asked : null);
      if (!found || !isCurrent(kind, found)) return next();
      const image = await badgePngs.read(ctx.db, { award_id: id, kind, lang: found.image_lang, content_hash: found.content_hash });
      if (!image) return next();
      return sendPng(c, image.png, image.content_hash, IMMUTABLE);
    });
  }
  return app;
}

/** The public badge page, the images, the baked PNG and the 3.0 credential download. */
export function badgeRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  const load = async (id: string) => {
    const award = await findAwardDetails(ctx.db, id);
    if (!award || award.status === 'erased') throw notFound();
    return award;
  };
  const langOf = (award: AwardDetails, asked?: string): Lang => (isLang(asked) ? asked : isLang(award.lang) ? award.lang : 'fr');

  for (const kind of ['badge', 'card'] as const) {
    app.get(IMAGE_PATHS[kind], async (c) => {
      const award = await load(c.req.param('id'));
      if (kind === 'card' && !claimed(award)) throw notFound();
      const image = await awardImage(ctx, award, kind, langOf(award, kind === 'badge' ? c.req.query('lang') : undefined));
      return sendPng(c, image.png, image.content_hash, IMMUTABLE);
    });
  }

  app.get('/b/:id/badge.png', async (c) => {
    const award = await load(c.req.param('id'));
    if (!claimed(award) || !award.ob3_credential) throw notFound();
    const baked = await bakedBadgePng(ctx, award, award.ob3_credential, langOf(award));
    return sendPng(c, baked.png, `${baked.contentHash.slice(0, 32)}-${award.issued_on}`, 'private, no-cache', downloadName(award, 'png'));
  });

  app.get('/b/:id/credential.json', async (c) => {
    const award = await load(c.req.param('id'));
    if (!claimed(award) || !award.ob3_credential) throw notFound();
    return c.body(award.ob3_credential, 200, {
      'Content-Type': 'application/vc+ld+json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${downloadName(award, 'json')}"`,
      'Cache-Control': 'private, no-cache',
    });
  });

  app.get('/b/:id', async (c) => {
    const award = await findAwardDetails(ctx.db, c.req.param('id'));
    if (!award) throw notFound();
    const props = pageProps(c);
    const { t } = props;
    const withdrawn = award.status === 'revoked' || award.status === 'erased';
    if (withdrawn || !claimed(award) || award.public_page !== 1) {
      // Without a public page, the page says only what a verifier needs: it exists, or it was withdrawn.
      const message = withdrawn ? t('badge.withdrawn') : t('badge.private');
      return c.html(
        <Layout {...props} title={t('app.name')} head={<meta name="robots" content="noindex" />}>
          <section class="card">
            <p class={withdrawn ? 'withdrawn' : 'verified'} role="status">
              {message}
            </p>
          </section>
        </Layout>,
        withdrawn ? 410 : 200,
      );
    }
    const lang = langOf(award);
    const category = categoryTexts(award, lang);
    const urls = awardUrls(ctx.config.publicUrl, award.id);
    const title = t('badge.title', { category: category.name, name: award.staff_first_name });
    const description = t('badge.description', {
      name: award.staff_first_name,
      category: category.name,
      workplace: award.workplace_name ?? '',
    });
    const head = (
      <>
        <meta name="description" content={description} />
        <meta property="og:type" content="website" />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={description} />
        <meta property="og:url" content={urls.pageUrl} />
        <meta property="og:image" content={urls.shareCardUrl} />
        <meta property="og:image:width" content="1200" />
        <meta property="og:image:height" content="630" />
        <meta name="twitter:card" content="summary_large_image" />
        <meta name="twitter:title" content={title} />
        <meta name="twitter:description" content={description} />
        <meta name="twitter:image" content={urls.shareCardUrl} />
        <link rel="alternate" type="application/ld+json" href={urls.ob2AssertionUrl} />
      </>
    );
    return c.html(
      <Layout {...props} title={title} head={head}>
        <div class="badge-hero">
          <img src={`/b/${award.id}/image.png`} width={300} height={300} alt={title} />
          <div>
            <h1>{award.staff_first_name}</h1>
            <p>
              <strong>{category.name}</strong> · {t('badge.at', { workplace: award.workplace_name ?? '' })}
            </p>
            <p>{t('badge.moment', { date: formatDate(award.moment_date, props.lang) })}</p>
            <p class="verified">
              {t('badge.verified', { issuer: ctx.config.issuer.name, date: formatDate(award.issued_on!, props.lang) })}
            </p>
          </div>
        </div>
        <p>{category.criteria}</p>
        {storyIsPublic(award) ? (
          <>
            <h2>{t('badge.story')}</h2>
            <p class="story">{award.story}</p>
          </>
        ) : null}
        <ShareKit {...kitFor(ctx, t, award, award.issued_on!, lang, true)} />
      </Layout>,
    );
  });

  return app;
}
