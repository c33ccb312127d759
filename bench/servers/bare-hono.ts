import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

// The ceiling: the same framework and HTTP server as Élan, with no work behind the handlers, so a
// figure next to it shows what Élan's own work costs. Run by the bench in a child process.

const app = new Hono();

app.get('/healthz', (c) => c.text('ok'));

// Stands for any JSON POST that creates something: it reads the body and answers 201 with an id.
app.post('/*', async (c) => {
  await c.req.json();
  return c.json({ id: randomUUID(), status: 'submitted' }, 201);
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3001) });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
