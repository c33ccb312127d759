import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's body limit, with the common case answered from the headers alone: a body of a declared
 * length (and no transfer coding) is judged by that length, as Hono's limit would, without first
 * asking for the Fetch Request behind the message (see bodyText in read-json.ts). Bodyless GET and
 * HEAD pass; anything else, a chunked body above all, is read and counted by Hono's limit.
 */
export function limitBody(options: { maxSize: number; onError: () => never }): MiddlewareHandler {
  const counted = bodyLimit(options);
  return async function limitBody(c, next) {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number.parseInt(length, 10) > options.maxSize) options.onError();
    return next();
  };
}
