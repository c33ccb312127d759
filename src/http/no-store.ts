import type { MiddlewareHandler } from 'hono';

/**
 * `Cache-Control: no-store` on every answer it wraps, error pages included: a page reached by a
 * private link or a session (a claim, an employee's badge, /manage) is kept by neither the browser,
 * where the next person at the same computer could go back to it, nor a cache in between.
 */
export function noStore(): MiddlewareHandler {
  return async function noStore(c, next) {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  };
}
