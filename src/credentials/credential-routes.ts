import { Hono } from 'hono';
import { findCategory } from '../categories/category-queries.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../lib/errors.ts';
import { jsonLd } from './json-ld-response.ts';
import { buildBadgeClass, buildIssuer, categoryEmblemSvg } from './ob2/ob2-documents.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './ob3/document-loader.ts';
import { loadOb3Issuer } from './ob3/ob3-issuer.ts';
import { signedStatusList } from './ob3/status-list.ts';

/**
 * The issuer's Open Badges documents, each served at exactly its id: the 2.0 issuer and badge
 * classes; the 3.0 achievements, status lists, and the did:web document. An award's own documents
 * (its assertion and credential) are served by awards/award-document-routes.ts.
 */
export function credentialRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  const base = ctx.config.publicUrl;

  app.get('/ob2/issuer', () => jsonLd(buildIssuer(base, ctx.config.issuer)));

  app.get('/ob2/badges/:slug/image.svg', async (c) => {
    const category = await findCategory(ctx.db, c.req.param('slug'));
    if (!category) throw notFound();
    return c.body(categoryEmblemSvg(category), 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=3600',
      'Access-Control-Allow-Origin': '*',
    });
  });

  app.get('/ob2/badges/:slug', async (c) => {
    const category = await findCategory(ctx.db, c.req.param('slug'));
    if (!category) throw notFound();
    return jsonLd(buildBadgeClass(base, category, c.req.query('lang') === 'en' ? 'en' : 'fr'));
  });

  app.get('/ob3/achievements/:slug', async (c) => {
    const category = await findCategory(ctx.db, c.req.param('slug'));
    if (!category) throw notFound();
    const en = c.req.query('lang') === 'en';
    return jsonLd({
      '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
      id: `${base}/ob3/achievements/${category.slug}${en ? '?lang=en' : ''}`,
      type: ['Achievement'],
      name: en ? category.name_en : category.name_fr,
      description: en ? category.description_en : category.description_fr,
      criteria: { narrative: en ? category.criteria_en : category.criteria_fr },
      image: { id: `${base}/ob2/badges/${category.slug}/image.svg`, type: 'Image' },
      inLanguage: en ? 'en' : 'fr-CA',
    });
  });

  app.get('/ob3/status/:list', async (c) => {
    // Lists are numbered 1, 2, …: anything else (or a number past PostgreSQL's integer) names none.
    const list = c.req.param('list');
    const issuer = async () => (await loadOb3Issuer(ctx.db, base, ctx.pool, ctx.clock)).statusLists;
    const credential = /^[1-9]\d{0,8}$/.test(list) ? await signedStatusList(ctx.db, issuer, { id: Number(list) }, ctx.clock.now()) : null;
    if (!credential) throw notFound();
    return new Response(JSON.stringify(credential), {
      headers: { 'Content-Type': 'application/vc+ld+json; charset=utf-8', 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' },
    });
  });

  app.get('/.well-known/did.json', async () => {
    const issuer = await loadOb3Issuer(ctx.db, base, ctx.pool, ctx.clock);
    return new Response(JSON.stringify(issuer.didDocument, null, 2), {
      headers: { 'Content-Type': 'application/did+json', 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
    });
  });

  return app;
}
