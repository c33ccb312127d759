import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

// The ceiling: the same framework and HTTP server as Élan, with no work behind the handlers, so a
// figure next to it shows what Élan's own work costs. Run by the bench in a child process.

const app = new Hono();

app.get('/healthz', (c) => c.text('ok'));

/** A body of `:bytes` bytes, made once per size: what a handler answering a stored value sends. */
function fixedBody<T>(made: Map<number, T>, bytes: string, make: (size: number) => T): T | null {
  const size = Number(bytes);
  if (!Number.isSafeInteger(size) || size < 16 || size > 16 * 2 ** 20) return null;
  let body = made.get(size);
  if (body === undefined) {
    body = make(size);
    made.set(size, body);
  }
  return body;
}

// Stands for serving a stored image: a fixed buffer of the size asked, with the headers Élan sends.
const buffers = new Map<number, Uint8Array<ArrayBuffer>>();
app.get('/bytes/:bytes', (c) => {
  const body = fixedBody(buffers, c.req.param('bytes'), (size) => new Uint8Array(size).fill(0x5a));
  if (!body) return c.text('bad size', 400);
  c.header('ETag', `"bench-${body.byteLength}"`);
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('Content-Type', 'image/png');
  return c.body(body);
});

// Stands for serving a JSON-LD document: a fixed JSON text of the size asked.
const texts = new Map<number, string>();
app.get('/json/:bytes', (c) => {
  // `{"padding":""}` is 14 characters; the padding makes up the rest.
  const body = fixedBody(texts, c.req.param('bytes'), (size) => JSON.stringify({ padding: 'x'.repeat(size - 14) }));
  if (!body) return c.text('bad size', 400);
  return c.body(body, 200, {
    'Content-Type': 'application/ld+json; charset=utf-8',
    'Cache-Control': 'no-cache',
    'Access-Control-Allow-Origin': '*',
  });
});

// Stands for any JSON POST that creates something: it reads the body and answers 201 with an id.
app.post('/*', async (c) => {
  await c.req.json();
  return c.json({ id: randomUUID(), status: 'submitted' }, 201);
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3001) });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
