import { Hono } from 'hono';
import { requireSignIn } from '../auth/guards.ts';
import { listAllCategories } from '../categories/category-service.ts';
import type { AppContext } from '../context.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import type { Translate } from '../i18n/index.ts';
import { AppError } from '../lib/errors.ts';
import type { CsvExport } from './export-service.ts';
import { exportAwards, exportNominations } from './export-service.ts';
import { InsightsPage } from './insights-page.tsx';
import { loadInsights } from './insights-service.ts';
import { parseWallFilter } from './wall-filter.ts';
import { PrintPage, PublicWallPage, ScreenPage, WallPage } from './wall-pages.tsx';
import { checkedFilter, listPublicWall, listScreen, listWall, printableWorkplace, wallChoices } from './wall-service.ts';

/**
 * The links a workplace's page in /manage shows for this feature: its wall, its insights, the
 * counter card's print view, and its public wall. Given `publicWall` (the workplace's setting),
 * the public wall is listed only when it is on; without it, it is listed with a note that it shows
 * once turned on.
 */
export function workplaceLinks(slug: string, t: Translate, publicWall?: boolean): { href: string; label: string }[] {
  const q = encodeURIComponent(slug);
  const links = [
    { href: `/manage/wall?workplace=${q}`, label: t('wall.links.wall') },
    { href: `/manage/insights?workplace=${q}`, label: t('wall.links.insights') },
    { href: `/manage/workplaces/${q}/print`, label: t('wall.links.print') },
  ];
  if (publicWall === true) links.push({ href: `/w/${q}/wall`, label: t('wall.links.publicWall') });
  if (publicWall === undefined) links.push({ href: `/w/${q}/wall`, label: t('wall.links.publicWallWhenOn') });
  return links;
}

/** A CSV file streamed as it is read from the database, for spreadsheet apps. */
function csvResponse(ctx: AppContext, c: AppContextHono, file: CsvExport): Response {
  const encoder = new TextEncoder();
  const chunks = file.chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        // The status line is sent already: the download stops short, and the log says why.
        ctx.logger.error('export failed', { path: c.req.path, error: String((error as Error)?.stack ?? error) });
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return?.(undefined);
    },
  });
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    'Cache-Control': 'private, no-store',
  });
}

/** Under /manage: the wall, its break-room screen, insights, the CSV exports and the counter card's print view. */
export function wallPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  const signedIn = requireSignIn();
  const props = (c: AppContextHono) => ({ ...pageProps(c), actor: c.get('actor')! });

  app.get('/wall', signedIn, async (c) => {
    const actor = c.get('actor')!;
    const { workplaces, categories } = await wallChoices(ctx, actor);
    const query = c.req.query();
    try {
      const filter = checkedFilter(query, categories);
      const page = await listWall(ctx, actor, filter);
      return c.html(
        <WallPage
          {...props(c)}
          filter={filter}
          cards={page.cards}
          next={page.next}
          workplaces={workplaces}
          categories={categories}
          errors={{}}
        />,
      );
    } catch (error) {
      const failed = formErrors(error, c.get('t'));
      if (!failed) throw error;
      // The form comes back with what was typed and a message beside each field that needs fixing.
      const typed = parseWallFilter(query).filter;
      return c.html(
        <WallPage
          {...props(c)}
          filter={typed}
          cards={[]}
          next={null}
          workplaces={workplaces}
          categories={categories}
          errors={failed.errors}
          message={failed.message}
        />,
        400,
      );
    }
  });

  app.get('/wall/screen', signedIn, async (c) => {
    const { filter, errors } = parseWallFilter({ workplace: c.req.query('workplace') });
    if (errors.workplace) throw new AppError('validation', 400, 'wall.filter.workplace');
    const [screen, categories] = await Promise.all([listScreen(ctx, c.get('actor')!, filter.workplace), listAllCategories(ctx)]);
    return c.html(<ScreenPage {...pageProps(c)} cards={screen.cards} categories={categories} workplace={screen.workplace} />);
  });

  app.get('/insights', signedIn, async (c) => {
    const actor = c.get('actor')!;
    const { filter, errors } = parseWallFilter({ workplace: c.req.query('workplace') });
    if (errors.workplace) throw new AppError('validation', 400, 'wall.filter.workplace');
    const choices = await wallChoices(ctx, actor);
    const insights = await loadInsights(ctx, actor, filter.workplace, choices.categories);
    return c.html(<InsightsPage {...props(c)} insights={insights} workplaces={choices.workplaces} />);
  });

  app.get('/export.csv', signedIn, async (c) => {
    const filter = checkedFilter(c.req.query(), await listAllCategories(ctx));
    return csvResponse(ctx, c, await exportAwards(ctx, c.get('actor')!, filter, c.get('lang')));
  });

  app.get('/export-nominations.csv', signedIn, async (c) => {
    const filter = checkedFilter(c.req.query(), await listAllCategories(ctx));
    return csvResponse(ctx, c, await exportNominations(ctx, c.get('actor')!, filter, c.get('lang')));
  });

  app.get('/workplaces/:slug/print', signedIn, async (c) => {
    const workplace = await printableWorkplace(ctx, c.get('actor')!, c.req.param('slug'));
    return c.html(<PrintPage {...props(c)} workplace={workplace} />);
  });

  return app;
}

/** /w/:slug/wall: a workplace's public wall, when it has turned it on. */
export function publicWallPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.get('/w/:slug/wall', async (c) => {
    const cursor = c.req.query('cursor');
    const [wall, categories] = await Promise.all([listPublicWall(ctx, c.req.param('slug'), cursor), listAllCategories(ctx)]);
    const base = ctx.config.publicUrl;
    const newest = !cursor ? wall.cards[0] : undefined;
    return c.html(
      <PublicWallPage
        {...pageProps(c)}
        workplace={wall.workplace}
        cards={wall.cards}
        next={wall.next}
        cursor={cursor ?? null}
        categories={categories}
        pageUrl={`${base}/w/${wall.workplace.slug}/wall`}
        imageUrl={newest ? `${base}/b/${newest.id}/image.png` : null}
      />,
    );
  });
  return app;
}
