import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../context.ts';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../lib/errors.ts';
import { actorFromApiToken, actorFromSession, SESSION_DAYS } from './auth-service.ts';

export const SESSION_COOKIE = 'elan_session';

/** Puts a new session's token in its cookie: scripts cannot read it and other sites' requests do not carry it. */
export function setSessionCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: SESSION_DAYS * 86_400 });
}

/** Puts the signed-in actor (session cookie, or `Authorization: Bearer` on the API) on the request. */
export function authenticate(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match?.[1] ? await actorFromApiToken(ctx, match[1]) : null;
      if (!actor) throw new AppError('bad_token', 401, 'auth.badToken', undefined, { 'WWW-Authenticate': 'Bearer' });
      c.set('actor', actor);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    c.set('actor', token ? await actorFromSession(ctx, token) : null);
    return next();
  };
}

/**
 * Lets only signed-in people through: pages send the anonymous to the sign-in page (and back
 * afterwards), the API answers 401.
 */
export function requireSignIn(): MiddlewareHandler<AppEnv> {
  return async function requireSignIn(c, next) {
    if (c.get('actor')) return next();
    if (c.req.path.startsWith('/api/') || c.req.method !== 'GET') throw new AppError('unauthenticated', 401, 'auth.required');
    const url = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  };
}

/**
 * A redirect target from a form or query, kept on this site: `next` is resolved against PUBLIC_URL and
 * used only when it is a path of the same origin. A control character, a backslash or anything that
 * resolves elsewhere (`//host`, `/\host`, `/<tab>/host`, a scheme) gives `fallback`. The path returned is
 * the parsed one, so it is always a valid header value.
 */
export function safeNext(next: string | undefined | null, publicUrl: string, fallback = '/manage'): string {
  // Browsers drop tabs and newlines from a URL and read a backslash as a slash: refused outright.
  if (!next?.startsWith('/') || /[\p{Cc}\\]/u.test(next)) return fallback;
  const site = new URL(publicUrl);
  let url: URL;
  try {
    url = new URL(next, site);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//host` resolves to the path `//host`, which a browser reads as another host.
  if (url.origin !== site.origin || path.startsWith('//')) return fallback;
  return path;
}
