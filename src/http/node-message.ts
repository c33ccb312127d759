import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/** What @hono/node-server hands each request as its env; nothing for a request made in-process (tests, app.request). */
const nodeBindings = (c: Context) => c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;

/** The request's own message from Node's HTTP server, behind @hono/node-server; undefined for a request made in-process (tests, app.request). */
export function nodeMessage(c: Context): IncomingMessage | undefined {
  return nodeBindings(c)?.incoming;
}

/**
 * A request header, `name` in lower case, as Node's parser read it, since asking Hono for one header
 * builds and checks a Fetch Headers object of all of them first. Repeated lines come joined with ", ",
 * as Headers gives them. Off Node, Hono's.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeMessage(c);
  if (!incoming) return c.req.header(name);
  const raw = incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toLowerCase() === name) value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
  }
  return value;
}

/** The response Node's HTTP server will write, behind @hono/node-server; undefined for a request made in-process. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  return nodeBindings(c)?.outgoing;
}
