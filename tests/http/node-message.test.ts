import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHeader } from '../../src/http/node-message.ts';

// The fast routes read a request header off Node's message rather than through Hono's Headers:
// over a real socket it must read as Hono would have read it.

const app = new Hono();
app.get('/header/:name', (c) =>
  c.json({ ours: requestHeader(c, c.req.param('name')) ?? null, hono: c.req.header(c.req.param('name')) ?? null }),
);

let server: ServerType;
let port: number;

beforeAll(async () => {
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function ask(name: string, headers: OutgoingHttpHeaders): Promise<{ ours: string | null; hono: string | null }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: `/header/${name}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a request header read off Node’s message', () => {
  it('is found whatever the case its name was sent in', async () => {
    const answer = await ask('if-none-match', { 'IF-None-Match': '"abc"' });
    expect(answer).toEqual({ ours: '"abc"', hono: '"abc"' });
  });

  it('joins repeated lines as Hono does', async () => {
    const answer = await ask('if-none-match', { 'If-None-Match': ['"a"', '"b"'] });
    expect(answer.ours).toBe('"a", "b"');
    expect(answer.ours).toBe(answer.hono);
  });

  it('is absent when not sent, and never taken from a longer or shorter name', async () => {
    expect(await ask('if-none-match', { 'If-None-Match-Not': '"x"', 'If-None': '"y"' })).toEqual({ ours: null, hono: null });
  });

  it('reads as Hono does for a request made in-process', async () => {
    const res = await app.request('/header/if-none-match', { headers: { 'If-None-Match': '"abc"' } });
    expect(await res.json()).toEqual({ ours: '"abc"', hono: '"abc"' });
  });
});
