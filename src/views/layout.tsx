import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { LANG_TAGS } from '../i18n/index.ts';
import type { PageProps } from './types.ts';

type LayoutProps = PageProps & {
  title: string;
  children: Child;
  /** Extra tags for <head> (Open Graph, a page's own script). */
  head?: Child;
  /** A page for screens rather than people at a desk: no header or footer. */
  bare?: boolean;
};

/** The page shell: language, title, stylesheet, header with the language switch, footer. */
export function Layout({ lang, t, path, title, children, head, bare }: LayoutProps) {
  const other = lang === 'fr' ? 'en' : 'fr';
  const switchHref = `${path}${path.includes('?') ? '&' : '?'}lang=${other}`;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={LANG_TAGS[lang]}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t('app.name')}`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          {head}
        </head>
        <body class={bare ? 'bare' : undefined}>
          {bare ? (
            children
          ) : (
            <>
              <a class="skip" href="#main">
                {t('nav.skip')}
              </a>
              <header class="site-header">
                <a class="brand" href="/">
                  {t('app.name')}
                </a>
                <nav aria-label={t('nav.home')}>
                  <a href="/nominate">{t('nav.nominate')}</a>
                  <a href={switchHref} lang={LANG_TAGS[other]} hreflang={LANG_TAGS[other]}>
                    {t('nav.language')}
                  </a>
                </nav>
              </header>
              <main id="main">{children}</main>
              <footer class="site-footer">
                <p>{t('app.tagline')}</p>
              </footer>
            </>
          )}
        </body>
      </html>
    </>
  );
}

/** A page that says something went wrong, in the visitor's language. */
export function ErrorPage(props: PageProps & { message: string }) {
  return (
    <Layout {...props} title={props.t('error.title')}>
      <section class="card">
        <h1>{props.t('error.title')}</h1>
        <p role="alert">{props.message}</p>
        <p>
          <a href="/">{props.t('error.backHome')}</a>
        </p>
      </section>
    </Layout>
  );
}
