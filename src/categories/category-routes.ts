import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { listActiveCategories } from './category-queries.ts';
import { categoryJson } from './category-view.ts';

/** GET /api/v1/categories: the categories a nomination may name. */
export function categoryApi(ctx: AppContext) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const categories = await listActiveCategories(ctx.db);
    return c.json({ items: categories.map(categoryJson) });
  });
}
