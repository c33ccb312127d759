import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { TEMPLATE_VERSION } from '../../templates/index.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../lib/errors.ts';
import { findWorkplaceBySlug } from '../workplaces/workplace-queries.ts';

/** How many counter cards a process keeps drawn: a card changes only when its workplace's name or the public URL does. */
export const COUNTER_CARDS = 32;

/** /w/:slug/counter-card.png: the printable card with the QR code to the workplace's nomination form. */
export function counterCardRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  const drawn = ctx.caches.counterCards;

  app.get('/w/:slug/counter-card.png', async (c) => {
    const workplace = await findWorkplaceBySlug(ctx.db, c.req.param('slug'));
    if (!workplace) throw notFound();
    const nominateUrl = new URL(`/w/${encodeURIComponent(workplace.slug)}/nominate`, ctx.config.publicUrl).href;
    const etag = `"${createHash('sha256').update(`${TEMPLATE_VERSION}|${workplace.name}|${nominateUrl}`).digest('hex').slice(0, 32)}"`;
    c.header('ETag', etag);
    // Revalidated each time, so a renamed workplace prints its new name.
    c.header('Cache-Control', 'public, no-cache');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    // Requests that arrive together for a card not drawn yet share one drawing, and it is kept once.
    const png =
      drawn.get(etag) ??
      (await ctx.caches.drawings.share(`counter ${etag}`, async () => {
        const card = await ctx.pool.draw({ kind: 'counter', input: { workplaceName: workplace.name, nominateUrl } });
        if (drawn.size >= COUNTER_CARDS) drawn.delete(drawn.keys().next().value!);
        drawn.set(etag, card);
        return card;
      }));
    c.header('Content-Type', 'image/png');
    c.header('Content-Disposition', `inline; filename="elan-${workplace.slug}-counter-card.png"`);
    return c.body(png as Uint8Array<ArrayBuffer>);
  });

  return app;
}
