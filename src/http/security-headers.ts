import type { MiddlewareHandler } from 'hono';
import { nodeResponse } from './node-message.ts';

/**
 * What every page and API answer behind the middleware carries: the content security policy
 * (scripts, styles and forms from Élan only, no framing), no MIME sniffing, HTTPS for the next
 * visits, and the rest of the set Hono's secureHeaders gave before this file.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

/**
 * Adds the security headers to every answer. Behind @hono/node-server they go on Node's own response
 * before the handler runs, since setting them on the answer afterwards (as Hono's secureHeaders does)
 * turns its plain headers into a Fetch Headers object checked twice over. In-process (tests) they are
 * set on the answer; a route that sets one of these headers itself keeps its own value.
 */
export function securityHeaders(): MiddlewareHandler {
  const entries = Object.entries(SECURITY_HEADERS);
  return async (c, next) => {
    const outgoing = nodeResponse(c);
    if (outgoing) {
      for (const [name, value] of entries) outgoing.setHeader(name, value);
      await next();
      return;
    }
    await next();
    for (const [name, value] of entries) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
}
