import { Hono } from 'hono';
import { requireSignIn } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { readJson } from '../http/read-json.ts';
import { listActiveCategories } from './category-queries.ts';
import { createCategory, listAllCategories, setCategoryRetired, updateCategory } from './category-service.ts';
import { categoryJson } from './category-view.ts';

/**
 * GET /api/v1/categories: the categories a nomination may name (public; `?all=1` with
 * sign-in includes retired ones). The admin adds, edits, retires and restores them.
 */
export function categoryApi(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const all = c.req.query('all') === '1' && c.get('actor') !== null;
    const categories = all ? await listAllCategories(ctx) : await listActiveCategories(ctx.db);
    return c.json({ items: categories.map(categoryJson) });
  });
  app.use('/*', requireSignIn());
  app.post('/', async (c) => c.json(categoryJson(await createCategory(ctx, c.get('actor'), await readJson(c))), 201));
  app.patch('/:slug', async (c) => c.json(categoryJson(await updateCategory(ctx, c.get('actor'), c.req.param('slug'), await readJson(c)))));
  app.post('/:slug/retire', async (c) => c.json(categoryJson(await setCategoryRetired(ctx, c.get('actor'), c.req.param('slug'), true))));
  app.post('/:slug/restore', async (c) => c.json(categoryJson(await setCategoryRetired(ctx, c.get('actor'), c.req.param('slug'), false))));
  return app;
}
