import { Hono } from 'hono';
import { assertAdmin } from '../auth/actor.ts';
import { requireSignIn } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { type AppContextHono, type AppEnv, pageProps } from '../http/env.ts';
import { formErrors } from '../http/form-errors.ts';
import { readForm } from '../http/read-form.ts';
import { CategoriesPage } from './category-pages.tsx';
import { createCategory, listAllCategories, setCategoryRetired, updateCategory } from './category-service.ts';

// The API's nested field names, as the form shows them.
const FORM_FIELDS: Record<string, string> = {
  'name.fr': 'nameFr',
  'name.en': 'nameEn',
  'description.fr': 'descriptionFr',
  'description.en': 'descriptionEn',
  'criteria.fr': 'criteriaFr',
  'criteria.en': 'criteriaEn',
  name: 'nameFr',
  description: 'descriptionFr',
  criteria: 'criteriaFr',
};

function formToCategory(form: Record<string, string>) {
  return {
    name: { fr: form.nameFr ?? '', en: form.nameEn ?? '' },
    description: { fr: form.descriptionFr ?? '', en: form.descriptionEn ?? '' },
    criteria: { fr: form.criteriaFr ?? '', en: form.criteriaEn ?? '' },
    color: form.color ?? '',
  };
}

/** /manage/categories: the admin's badge categories. */
export function categoryPages(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requireSignIn());
  app.use(async (c, next) => {
    assertAdmin(c.get('actor'));
    await next();
  });

  const page = async (
    c: AppContextHono,
    editing: string | null = null,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
    message?: string,
    status: 200 | 400 | 409 = 200,
  ) =>
    c.html(
      <CategoriesPage
        {...pageProps(c)}
        actor={c.get('actor')!}
        categories={await listAllCategories(ctx)}
        editing={editing}
        values={values}
        errors={errors}
        message={message}
      />,
      status,
    );

  const attempt = async (c: AppContextHono, editing: string, form: Record<string, string>, action: () => Promise<unknown>) => {
    try {
      await action();
      return c.redirect('/manage/categories', 303);
    } catch (error) {
      const failed = formErrors(error, c.get('t'), FORM_FIELDS);
      if (!failed) throw error;
      return page(c, editing, form, failed.errors, failed.message, 400);
    }
  };

  app.get('/', (c) => page(c));
  app.post('/', async (c) => {
    const form = await readForm(c);
    return attempt(c, 'new', form, () => createCategory(ctx, c.get('actor'), { slug: form.slug ?? '', ...formToCategory(form) }));
  });
  app.post('/:slug', async (c) => {
    const form = await readForm(c);
    return attempt(c, c.req.param('slug'), form, () => updateCategory(ctx, c.get('actor'), c.req.param('slug'), formToCategory(form)));
  });
  app.post('/:slug/retire', async (c) => {
    await setCategoryRetired(ctx, c.get('actor'), c.req.param('slug'), true);
    return c.redirect('/manage/categories', 303);
  });
  app.post('/:slug/restore', async (c) => {
    await setCategoryRetired(ctx, c.get('actor'), c.req.param('slug'), false);
    return c.redirect('/manage/categories', 303);
  });
  return app;
}
