import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** A whole request, body included, must arrive within this; a slower one is answered 408 and its connection closed. */
export const REQUEST_TIMEOUT_MS = 30_000;
// The headers come first and are small: a client that trickles them (slowloris) is cut sooner.
const HEADERS_TIMEOUT_MS = 10_000;
// An idle kept-alive connection is closed after this: Node's default, set here so that it is a choice.
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export type ServeOptions = {
  fetch: Parameters<typeof serve>[0]['fetch'];
  port: number;
  hostname?: string;
  /** REQUEST_TIMEOUT_MS unless given (a test of a slow body gives less). */
  requestTimeoutMs?: number;
};

/**
 * Serves the app on Node's HTTP server with its timeouts set, so a client sending slowly holds a
 * connection for seconds rather than Node's default five minutes. `npm start` and the tests over a
 * socket both serve through here.
 */
export function serveApp(options: ServeOptions, onListening?: (info: AddressInfo) => void): Server {
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const server = serve(
    {
      fetch: options.fetch,
      port: options.port,
      ...(options.hostname ? { hostname: options.hostname } : {}),
      serverOptions: {
        requestTimeout,
        headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
        // Node looks for requests past their time on this period (30 s by default), which alone would
        // let a slow body last up to twice REQUEST_TIMEOUT_MS.
        connectionsCheckingInterval: Math.min(1_000, Math.ceil(requestTimeout / 4)),
      },
    },
    onListening,
  ) as Server;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}
