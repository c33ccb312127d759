import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../lib/errors.ts';
import { SESSION_COOKIE } from './guards.ts';

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/**
 * Refuses state changes sent from another site. A browser names the page's origin (Origin,
 * Sec-Fetch-Site) on every POST; one from elsewhere gets 403. Only the configured origins
 * (PUBLIC_URL's) count as this site: the Host header is the client's to write, so an Origin
 * matching it proves nothing. A request carrying the session cookie but neither header is refused
 * too, since it could be a forgery by an old browser. Requests without cookies (API clients with a
 * Bearer token, curl) carry no ambient authority.
 */
export function csrfProtection(allowedOrigins: string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return async function csrfProtection(c, next) {
    if (SAFE.test(c.req.method)) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const sameOrigin = origin !== undefined && allowed.has(origin);
    if (origin !== undefined && origin !== 'null' && !sameOrigin) throw forbidden();
    if (origin === 'null') throw forbidden();
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw forbidden();
    if (origin === undefined && site === undefined && getCookie(c, SESSION_COOKIE) && !c.req.header('authorization')) throw forbidden();
    return next();
  };
}

const forbidden = () => new AppError('csrf', 403, 'auth.crossSite');
