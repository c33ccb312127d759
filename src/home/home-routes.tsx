import { Hono } from 'hono';
import { listActiveCategories } from '../categories/category-queries.ts';
import { localCategory } from '../categories/category-view.ts';
import type { AppContext } from '../context.ts';
import { type AppEnv, pageProps } from '../http/env.ts';
import { Layout } from '../views/layout.tsx';

/** The landing page: what Élan is, and an invitation to nominate. */
export function homePages(ctx: AppContext) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const props = pageProps(c);
    const { t, lang } = props;
    const categories = await listActiveCategories(ctx.db);
    return c.html(
      <Layout {...props} title={t('home.title')}>
        <section class="hero">
          <h1>{t('home.title')}</h1>
          <p class="lead">{t('home.lead')}</p>
          <p>
            <a class="button" href="/nominate">
              {t('home.cta')}
            </a>
          </p>
        </section>
        <h2>{t('home.how.title')}</h2>
        <ol class="steps">
          <li>{t('home.how.1')}</li>
          <li>{t('home.how.2')}</li>
          <li>{t('home.how.3')}</li>
        </ol>
        <h2>{t('home.categories.title')}</h2>
        <ul class="category-list">
          {categories.map((category) => {
            const local = localCategory(category, lang);
            return (
              <li>
                <strong>{local.name}</strong> — {local.description}
              </li>
            );
          })}
        </ul>
      </Layout>,
    );
  });
}
