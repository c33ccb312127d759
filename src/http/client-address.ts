import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { requestHeader } from './node-message.ts';

/**
 * The client's address: the socket's peer, or, behind `trustProxy` proxies (TRUST_PROXY), the
 * X-Forwarded-For entry the outermost of them appended: the Nth from the right, since each proxy
 * appends the address it saw and everything to the left of its entry was written by the client. An
 * entry that is not an IP address gives the socket's peer.
 */
export function clientAddress(c: Context, trustProxy: number): string {
  if (trustProxy > 0) {
    const entries = requestHeader(c, 'x-forwarded-for')?.split(',');
    if (entries) {
      // Fewer entries than proxies: the request skipped the outer ones, and the first entry is what the next one saw.
      const entry = entries[Math.max(0, entries.length - trustProxy)]!.trim();
      if (isIP(entry) !== 0) return entry;
    }
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket: a request made in-process (tests, app.request).
    return 'unknown';
  }
}
