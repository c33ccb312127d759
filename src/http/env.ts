import type { Context } from 'hono';
import type { Actor } from '../auth/actor.ts';
import type { Lang, Translate } from '../i18n/index.ts';

/** Hono's environment for Élan: what middleware puts on each request. */
export type AppEnv = {
  Variables: {
    lang: Lang;
    t: Translate;
    /** The signed-in person, from the session cookie or a Bearer token; null when anonymous. */
    actor: Actor | null;
  };
};

export type AppContextHono = Context<AppEnv>;

/** The props a page needs from the request. */
export function pageProps(c: AppContextHono) {
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  const query = url.searchParams.toString();
  return { lang: c.get('lang'), t: c.get('t'), path: `${sitePath(url.pathname)}${query ? `?${query}` : ''}` };
}

/**
 * A request's path made safe to link to: `GET //host/x` has the path `//host/x`, which a browser
 * reads as another host, so leading slashes fold into one.
 */
export function sitePath(path: string): string {
  return path.replace(/^\/{2,}/, '/');
}

/** Whether a path belongs to the JSON API (errors there are JSON, elsewhere HTML). */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/healthz';
}
